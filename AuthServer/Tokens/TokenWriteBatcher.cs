using System.Collections.Concurrent;
using System.Diagnostics;
using AuthServer.Data;
using AuthServer.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Tokens;

/// <summary>
/// Group commit for token rows. Every token OpenIddict issues is one INSERT; on SQLite, concurrent inserts from
/// different connections collide on the single write lock and the losers sleep in the busy handler. Here a single
/// writer thread takes every row queued since its last commit and inserts them in one transaction; each request
/// awaits its own row's commit, so a token is in the database before it leaves the server (introspection and
/// revocation work at once). Under light load a batch holds one row; under heavy load it grows on its own.
/// </summary>
public sealed partial class TokenWriteBatcher : IDisposable
{
    private readonly BlockingCollection<PendingToken> _queue = new(new ConcurrentQueue<PendingToken>());
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<TokenWriteBatcher> _logger;
    private readonly AuthServerMetrics _metrics;
    private readonly int _maxBatch;
    private readonly Thread _writer;

    // Written by the writer thread only; read at shutdown and by the prune job.
    private long _rows;
    private long _batches;
    private long _lastCommit = long.MinValue / 2;

    public TokenWriteBatcher(IServiceScopeFactory scopes, IOptions<TokenWriteOptions> options, AuthServerMetrics metrics, ILogger<TokenWriteBatcher> logger)
    {
        _metrics = metrics;
        _scopes = scopes;
        _logger = logger;
        _maxBatch = Math.Max(1, options.Value.MaxTokenBatch);
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "token-writer" };
        _writer.Start();
    }

    /// <summary>Whether a batch was committed within <paramref name="window"/> (the prune job paces itself on it).</summary>
    public bool WroteWithin(TimeSpan window) => Environment.TickCount64 - Volatile.Read(ref _lastCommit) < window.TotalMilliseconds;

    /// <summary>Queues a copy of the row and completes once it is committed (or fails with the row's own error).</summary>
    public Task WriteAsync(OpenIddictEntityFrameworkCoreToken token, string? applicationId, string? authorizationId)
    {
        var pending = new PendingToken(Copy(token), applicationId, authorizationId, Activity.Current?.Context ?? default);
        _queue.Add(pending);
        return pending.Committed.Task;
    }

    private void WriteLoop()
    {
        var batch = new List<PendingToken>(_maxBatch);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Add(first);
            while (batch.Count < _maxBatch && _queue.TryTake(out var next))
            {
                batch.Add(next);
            }

            try
            {
                Insert(batch);
                foreach (var pending in batch)
                {
                    pending.Committed.TrySetResult();
                }

                _rows += batch.Count;
                _batches++;
                Volatile.Write(ref _lastCommit, Environment.TickCount64);
            }
            catch (Exception exception) when (batch.Count > 1)
            {
                // One bad row (say, its authorization was just deleted) must not fail its neighbours: retry one by one.
                LogBatchRetried(_logger, batch.Count, exception.GetType().Name);
                foreach (var pending in batch)
                {
                    try
                    {
                        Insert([pending]);
                        pending.Committed.TrySetResult();
                    }
                    catch (Exception single)
                    {
                        pending.Committed.TrySetException(single);
                    }
                }
            }
            catch (Exception exception)
            {
                batch[0].Committed.TrySetException(exception);
            }

            batch.Clear();
        }
    }

    private void Insert(List<PendingToken> batch)
    {
        // The writer thread has no request of its own: the batch is a span of its own, linked to each request
        // whose row it carries, and its EF Core command is that span's child.
        using var span = AuthServerMetrics.Source.HasListeners()
            ? AuthServerMetrics.Source.StartActivity(ActivityKind.Internal, parentContext: default,
                links: batch.Where(p => p.Caller != default).Select(p => new ActivityLink(p.Caller)), name: "oauthsuite.token_writes.batch")
            : null;
        span?.SetTag("oauthsuite.token_writes.batch.size", batch.Count);
        var started = Stopwatch.GetTimestamp();
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var pending in batch)
        {
            var entry = db.Add(pending.Row);
            // The foreign keys are shadow properties: the copy carries ids, not the request's tracked entities.
            entry.Property(ApplicationKey).CurrentValue = pending.ApplicationId;
            entry.Property(AuthorizationKey).CurrentValue = pending.AuthorizationId;
        }

        // EF wraps several inserts in one transaction: one commit (one WAL append) per batch.
        db.SaveChanges();
        _metrics.TokenWriteBatch(batch.Count, Stopwatch.GetElapsedTime(started));
    }

    internal const string ApplicationKey = nameof(OpenIddictEntityFrameworkCoreToken.Application) + nameof(OpenIddictEntityFrameworkCoreApplication.Id);
    internal const string AuthorizationKey = nameof(OpenIddictEntityFrameworkCoreToken.Authorization) + nameof(OpenIddictEntityFrameworkCoreAuthorization.Id);

    private static OpenIddictEntityFrameworkCoreToken Copy(OpenIddictEntityFrameworkCoreToken token) => new()
    {
        Id = token.Id,
        ConcurrencyToken = token.ConcurrencyToken,
        CreationDate = token.CreationDate,
        ExpirationDate = token.ExpirationDate,
        Payload = token.Payload,
        Properties = token.Properties,
        RedemptionDate = token.RedemptionDate,
        ReferenceId = token.ReferenceId,
        Status = token.Status,
        Subject = token.Subject,
        Type = token.Type,
    };

    public void Dispose()
    {
        _queue.CompleteAdding();
        _writer.Join(TimeSpan.FromSeconds(5));
        _queue.Dispose();
        if (_batches > 0)
        {
            LogTotals(_logger, _rows, _batches, (double)_rows / _batches);
        }
    }

    private sealed record PendingToken(OpenIddictEntityFrameworkCoreToken Row, string? ApplicationId, string? AuthorizationId, ActivityContext Caller)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Token writer: {Rows} rows in {Batches} commits ({PerCommit:0.0} per commit)")]
    private static partial void LogTotals(ILogger logger, long rows, long batches, double perCommit);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "A batch of {Count} token rows failed ({Error}); writing them one by one")]
    private static partial void LogBatchRetried(ILogger logger, int count, string error);
}

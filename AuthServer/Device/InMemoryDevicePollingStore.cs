using System.Collections.Concurrent;

namespace AuthServer.Device;

/// <summary>One node's memory: enough for a single AuthServer; entries are dropped once their code has expired.</summary>
internal sealed class InMemoryDevicePollingStore : IDevicePollingStore
{
    /// <summary>RFC 8628 §3.5: "the interval MUST be increased by 5 seconds for this and all subsequent requests".</summary>
    public static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ValueTask<PollVerdict> RecordPollAsync(string key, DateTimeOffset now, TimeSpan initialInterval, DateTimeOffset forgetAfter, CancellationToken cancellationToken)
    {
        ForgetExpired(now);
        var entry = _entries.GetOrAdd(key, static (_, state) => new Entry(state.initialInterval, state.forgetAfter), (initialInterval, forgetAfter));
        lock (entry)
        {
            var tooFast = entry.LastPoll is { } last && now - last < entry.Interval;
            if (tooFast)
            {
                entry.Interval += SlowDownStep;
            }

            entry.LastPoll = now;
            return ValueTask.FromResult(new PollVerdict(tooFast, entry.Interval));
        }
    }

    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.ForgetAfter < now)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed class Entry(TimeSpan interval, DateTimeOffset forgetAfter)
    {
        public TimeSpan Interval { get; set; } = interval;

        public DateTimeOffset ForgetAfter { get; } = forgetAfter;

        public DateTimeOffset? LastPoll { get; set; }
    }
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Bench.Data;

/// <summary>
/// Fills a migrated, seeded AuthServer database with clients, authorizations and tokens straight through SQLite
/// (one transaction, prepared statements), not through OpenIddict's managers: hashing 10,000 client secrets and
/// validating a million descriptors would take longer than the whole benchmark. Every client reuses the seeded service
/// client's secret hash and permissions, so any of them can authenticate with the service client's secret.
/// Ages, as a server with hourly pruning and a 14-day minimum age would hold them: 90 % of the tokens are from the
/// last 13 days (most access tokens expired, but too young to prune), 10 % are 15–45 days old and expired, revoked
/// or redeemed, which the prune job removes; half the authorizations are old and revoked, and go once their tokens
/// are gone.
/// </summary>
internal static class BulkLoad
{
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss";
    private const double OldFraction = 0.1;
    private const string AccessToken = "urn:ietf:params:oauth:token-type:access_token";
    private const string RefreshToken = "urn:ietf:params:oauth:token-type:refresh_token";

    public sealed record Counts(int Clients, int Authorizations, int Tokens, TimeSpan Elapsed);

    public static Counts Fill(string databasePath, string templateClientId, int clients, int tokens)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(20261128);
        var now = DateTime.UtcNow;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA foreign_keys=OFF;");

        using var transaction = connection.BeginTransaction();
        var template = ReadTemplate(connection, transaction, templateClientId);

        var clientIds = new string[clients];
        using (var insert = Command(connection, transaction, """
            INSERT INTO OpenIddictApplications (Id, ApplicationType, ClientId, ClientSecret, ClientType, ConcurrencyToken, ConsentType, DisplayName, Permissions, Requirements)
            VALUES ($id, 'web', $clientId, $secret, 'confidential', $stamp, 'implicit', $name, $permissions, '[]')
            """, "$id", "$clientId", "$secret", "$stamp", "$name", "$permissions"))
        {
            for (var i = 0; i < clients; i++)
            {
                clientIds[i] = Guid.NewGuid().ToString();
                Run(insert, clientIds[i], $"bench-client-{i:D5}", template.Secret, Guid.NewGuid().ToString(), $"Bench client {i}", template.Permissions);
            }
        }

        var authorizations = Math.Max(2, clients * 2);
        var authorizationIds = new string[authorizations];
        using (var insert = Command(connection, transaction, """
            INSERT INTO OpenIddictAuthorizations (Id, ApplicationId, ConcurrencyToken, CreationDate, Scopes, Status, Subject, Type)
            VALUES ($id, $app, $stamp, $created, '["openid","api.read"]', $status, $subject, $type)
            """, "$id", "$app", "$stamp", "$created", "$status", "$subject", "$type"))
        {
            for (var i = 0; i < authorizations; i++)
            {
                var old = i % 2 == 0;
                authorizationIds[i] = Guid.NewGuid().ToString();
                Run(insert, authorizationIds[i], clientIds[random.Next(clients)], Guid.NewGuid().ToString(),
                    Date(now.AddDays(old ? -15 - random.Next(30) : -random.Next(13))),
                    old ? "revoked" : "valid", $"user-{random.Next(100_000)}", old ? "ad-hoc" : "permanent");
            }
        }

        using (var insert = Command(connection, transaction, """
            INSERT INTO OpenIddictTokens (Id, ApplicationId, AuthorizationId, ConcurrencyToken, CreationDate, ExpirationDate, RedemptionDate, Status, Subject, Type)
            VALUES ($id, $app, $auth, $stamp, $created, $expires, $redeemed, $status, $subject, $type)
            """, "$id", "$app", "$auth", "$stamp", "$created", "$expires", "$redeemed", "$status", "$subject", "$type"))
        {
            for (var i = 0; i < tokens; i++)
            {
                var old = random.NextDouble() < OldFraction;
                var refresh = random.NextDouble() < 0.25;
                var created = old ? now.AddDays(-15 - random.NextDouble() * 30) : now.AddDays(-random.NextDouble() * 13);
                var expires = refresh ? created.AddDays(14) : created.AddMinutes(5);
                var status = !old ? "valid" : (i % 3) switch { 0 => "valid", 1 => "redeemed", _ => "revoked" };
                var app = random.Next(clients);
                // A refresh token belongs to an authorization of its own age: old ones to the revoked (even) half.
                var authorization = 2 * random.Next(authorizations / 2) + (old ? 0 : 1);
                Run(insert, Guid.NewGuid().ToString(), clientIds[app],
                    refresh ? authorizationIds[authorization] : null,
                    Guid.NewGuid().ToString(), Date(created), Date(expires),
                    status == "redeemed" ? Date(created.AddMinutes(1)) : null,
                    status, refresh ? $"user-{random.Next(100_000)}" : $"bench-client-{app:D5}",
                    refresh ? RefreshToken : AccessToken);
            }
        }

        transaction.Commit();
        Execute(connection, "PRAGMA journal_mode=WAL; ANALYZE;");
        return new Counts(clients, authorizations, tokens, clock.Elapsed);
    }

    private static (string Secret, string Permissions) ReadTemplate(SqliteConnection connection, SqliteTransaction transaction, string clientId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT ClientSecret, Permissions FROM OpenIddictApplications WHERE ClientId = $clientId";
        command.Parameters.AddWithValue("$clientId", clientId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? (reader.GetString(0), reader.GetString(1))
            : throw new InvalidOperationException($"the seeded client {clientId} is not in the database");
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params string?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = (object?)values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>EF Core's SQLite text format for DateTime; comparisons in SQL are on this text.</summary>
    private static string Date(DateTime value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);
}

using System.Net.Sockets;
using AuthServer.Data;
using AuthServer.Hardening;
using AuthServer.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AuthServer.Startup;

/// <summary>
/// Turns an operator's mistake at start (bad settings, a damaged or read-only data folder, an invalid seed file, a
/// port in use) into one message on stderr and exit code 1. The stack trace follows only when the
/// <c>AuthServer.Startup</c> category logs at Debug (<c>Logging:LogLevel:Default=Debug</c>). Anything else is a bug
/// and keeps its stack trace.
/// </summary>
internal static class StartupErrors
{
    /// <summary>
    /// The host logs a failed start with the full exception before rethrowing it. That log is silenced (its category
    /// still logs Critical, e.g. a background service stopping the host); <see cref="RunAsync"/> reports instead.
    /// </summary>
    public static WebApplicationBuilder QuietHostStartFailures(this WebApplicationBuilder builder)
    {
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        return builder;
    }

    public static async Task<int> RunAsync(WebApplication app)
    {
        // StartAsync, not RunAsync: RunAsync disposes the services before the exception gets here, and the message
        // needs them (which database file).
        await using (app)
        {
            try
            {
                await app.StartAsync();
            }
            catch (Exception exception) when (Describe(exception, app.Services) is { } message)
            {
                await Console.Error.WriteLineAsync(message);
                if (app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AuthServer.Startup").IsEnabled(LogLevel.Debug))
                {
                    await Console.Error.WriteLineAsync(exception.ToString());
                }

                return 1;
            }

            await app.WaitForShutdownAsync();
            return 0;
        }
    }

    /// <summary>The operator's message for a known failure, or null for a bug.</summary>
    public static string? Describe(Exception exception, IServiceProvider services) => exception switch
    {
        StartupException or SeedException or InsecureSettingsException => exception.Message,
        OptionsValidationException options => $"Invalid configuration: {string.Join("; ", options.Failures)}",
        IOException io when io.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
            || io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
            $"AuthServer cannot listen: {io.Message} Stop the other process, or choose another port with ASPNETCORE_URLS (or --urls).",
        IOException io when io.InnerException is SocketException => $"AuthServer cannot listen: {io.Message} Check ASPNETCORE_URLS (or --urls).",
        SqliteException sqlite => DatabaseMessage(sqlite, DatabaseFile(services)),
        UnauthorizedAccessException denied =>
            $"AuthServer cannot write to its data folder: {denied.Message} Give the user running AuthServer write permission on AuthServer:DataPath (the database and the keys/ folder live there), or point AuthServer:DataPath at a writable folder.",
        _ => null,
    };

    private static string DatabaseMessage(SqliteException sqlite, string file) => sqlite.SqliteErrorCode switch
    {
        // SQLITE_NOTADB, SQLITE_CORRUPT: nothing to fix in place; a backup is the way back.
        26 => $"The database file {file} is not a SQLite database (SQLite error 26: its header is damaged, or it is another kind of file). "
            + "Restore it from a backup (with the server stopped: replace the file and delete its -wal and -shm files), or point ConnectionStrings:AuthServer / AuthServer:DataPath at the right file.",
        11 => $"The database file {file} is damaged (SQLite error 11: database disk image is malformed). "
            + "Restore it from a backup (with the server stopped: replace the file and delete its -wal and -shm files).",

        // SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM: SQLite writes the file and its -wal and -shm files beside it.
        8 or 14 or 3 => $"AuthServer cannot open {file} for writing (SQLite error {sqlite.SqliteErrorCode}: {sqlite.Message.Replace("SQLite Error " + sqlite.SqliteErrorCode + ": ", string.Empty, StringComparison.Ordinal)}). "
            + $"The database and its folder {Path.GetDirectoryName(file)} must be writable by the user running AuthServer (SQLite creates -wal and -shm files beside it): fix their permissions, or point AuthServer:DataPath at a writable folder.",
        _ => $"The database {file} cannot be used: {sqlite.Message}. Check the file, or restore it from a backup.",
    };

    private static string DatabaseFile(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<SqliteDatabase>().FilePath;
        }
        catch (StartupException)
        {
            return "ConnectionStrings:AuthServer";
        }
    }
}

using AuthServer.Data;
using AuthServer.Keys;
using AuthServer.Seeding;
using AuthServer.Startup;
using AuthServer.TokenFamilies;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Admin;

/// <summary>
/// The admin verbs of the same binary (<c>AuthServer seed|keys|sessions|clients|users|tokens ...</c>). Each opens the same
/// database as the server (SQLite in WAL mode lets it run beside a running server), prints one result, and exits
/// 0 on success, 1 when the operation failed (unknown id, refused password, damaged database), 2 on wrong arguments.
/// </summary>
internal static class AdminCommands
{
    public static bool Handles(string[] args) => args is ["seed" or "keys" or "sessions" or "clients" or "users" or "tokens", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        try
        {
            if (args is ["seed", ..])
            {
                return await SeedCommand.RunAsync(app, args);
            }

            if (args is ["keys", ..])
            {
                return await KeyCommand.RunAsync(app, args);
            }

            if (args is ["sessions", ..])
            {
                return await SessionsCommand.RunAsync(app, args);
            }

            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AuthDbContext>().Database.MigrateAsync();
            return args switch
            {
                ["clients", ..] => await ClientsCommand.RunAsync(scope.ServiceProvider, args[1..]),
                ["users", ..] => await UsersCommand.RunAsync(scope.ServiceProvider, args[1..]),
                _ => await TokensCommand.RunAsync(scope.ServiceProvider, args[1..]),
            };
        }
        catch (Exception exception) when (StartupErrors.Describe(exception, app.Services) is { } message)
        {
            await Console.Error.WriteLineAsync(message);
            return 1;
        }
    }

    public static async Task<int> UsageAsync(string usage)
    {
        await Console.Error.WriteLineAsync("usage: " + usage);
        return 2;
    }

    public static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync(message);
        return 1;
    }
}

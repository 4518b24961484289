using AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Seeding;

/// <summary>
/// <c>dotnet run --project AuthServer -- seed [--check]</c>: apply the seed file now, or only show what would change.
/// Exit codes: 0 applied (or checked), 1 the file is invalid, 2 wrong arguments.
/// </summary>
public static class SeedCommand
{
    private static readonly string[] Writes = ["create ", "update ", "remove ", "forget "];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        bool check;
        switch (args)
        {
            case ["seed"]:
                check = false;
                break;
            case ["seed", "--check"]:
                check = true;
                break;
            default:
                await Console.Error.WriteLineAsync("usage: AuthServer seed [--check]");
                return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuthDbContext>().Database.MigrateAsync();

        IReadOnlyList<string> report;
        try
        {
            report = await SeedRunner.RunAsync(scope.ServiceProvider, dryRun: check, CancellationToken.None);
        }
        catch (SeedException exception)
        {
            // The message is the file's path and then one error per line, each with its JSON path.
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }

        var writes = 0;
        foreach (var line in report)
        {
            var isWrite = Writes.Any(verb => line.StartsWith(verb, StringComparison.Ordinal));
            writes += isWrite ? 1 : 0;
            Console.WriteLine(check && isWrite ? "Would " + line : line);
        }

        var changes = writes == 1 ? "1 change" : $"{writes} changes";
        Console.WriteLine(writes == 0
            ? "The database already matches the seed file."
            : check ? $"--check: {changes} planned, nothing was written." : $"{changes} written.");
        return 0;
    }
}

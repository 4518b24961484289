using AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Seeding;

/// <summary><c>dotnet run --project AuthServer -- seed [--check]</c>: apply the seed file now, or only show what would change.</summary>
public static class SeedCommand
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var check = args is ["seed", "--check"];
        if (!check && args is not ["seed"])
        {
            await Console.Error.WriteLineAsync("usage: AuthServer seed [--check]");
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuthDbContext>().Database.MigrateAsync();
        try
        {
            var changes = await SeedRunner.RunAsync(scope.ServiceProvider, dryRun: check, CancellationToken.None);
            Console.WriteLine(changes.Count == 0
                ? "The database already matches the seed file."
                : (check ? "Would " : string.Empty) + string.Join(Environment.NewLine + (check ? "Would " : string.Empty), changes));
            if (check)
            {
                Console.WriteLine("(--check: nothing was written)");
            }

            return 0;
        }
        catch (SeedException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
    }
}

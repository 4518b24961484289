using AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Keys;

/// <summary>
/// <c>dotnet run --project AuthServer -- keys rotate</c>: schedules a rotation in the database. Running servers
/// publish the new key on their next refresh and start signing with it after the pre-publish window.
/// </summary>
internal static class KeyCommand
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args is not ["keys", "rotate"])
        {
            await Console.Error.WriteLineAsync("usage: AuthServer keys rotate");
            return 2;
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuthDbContext>().Database.MigrateAsync();
        }

        var ring = app.Services.GetRequiredService<KeyRing>();
        await ring.InitializeAsync(CancellationToken.None);
        var (keyId, activatesAt) = await ring.RotateAsync(CancellationToken.None);
        Console.WriteLine($"New signing key {keyId} is published now and signs from {activatesAt:u}; the current key retires then.");
        return 0;
    }
}

using OpenIddict.Abstractions;

namespace AuthServer.Admin;

/// <summary><c>clients list</c>, <c>clients show ID</c>: what is registered (secrets are stored hashed and never shown).</summary>
internal static class ClientsCommand
{
    private const string Usage = "AuthServer clients list | clients show CLIENT_ID";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
        switch (args)
        {
            case ["list"]:
                var count = 0;
                await foreach (var application in manager.ListAsync())
                {
                    count++;
                    Console.WriteLine($"{await manager.GetClientIdAsync(application),-24} {await manager.GetClientTypeAsync(application),-13} {await manager.GetDisplayNameAsync(application)}");
                }

                Console.WriteLine(count == 1 ? "1 client." : $"{count} clients.");
                return 0;

            case ["show", var clientId]:
                var found = await manager.FindByClientIdAsync(clientId);
                if (found is null)
                {
                    return await AdminCommands.FailAsync($"No client with client_id '{clientId}' (see `AuthServer clients list`).");
                }

                Console.WriteLine($"client_id:                 {await manager.GetClientIdAsync(found)}");
                Console.WriteLine($"display name:              {await manager.GetDisplayNameAsync(found)}");
                Console.WriteLine($"type:                      {await manager.GetClientTypeAsync(found)}");
                Console.WriteLine($"consent:                   {await manager.GetConsentTypeAsync(found)}");
                Console.WriteLine($"redirect URIs:             {string.Join(' ', await manager.GetRedirectUrisAsync(found))}");
                Console.WriteLine($"post-logout redirect URIs: {string.Join(' ', await manager.GetPostLogoutRedirectUrisAsync(found))}");
                Console.WriteLine($"permissions:               {string.Join(' ', await manager.GetPermissionsAsync(found))}");
                Console.WriteLine($"requirements:              {string.Join(' ', await manager.GetRequirementsAsync(found))}");
                return 0;

            default:
                return await AdminCommands.UsageAsync(Usage);
        }
    }
}

using System.Security.Claims;
using AuthServer.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Seeding;

/// <summary>
/// Makes the database match a validated seed: creates what is new, updates what changed, removes what an earlier
/// seed created and the file no longer lists, and leaves alone anything registered by other means. Unchanged
/// entries cause no writes, so a restart with the same file is free.
/// </summary>
internal sealed class SeedSync(
    AuthDbContext db,
    IOpenIddictApplicationManager applications,
    IOpenIddictScopeManager scopes,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    UserManager<IdentityUser> users)
{
    private const string ClientKind = "client";
    private const string ScopeKind = "scope";
    private const string UserKind = "user";

    private readonly List<string> _changes = [];
    private readonly List<string> _errors = [];
    private HashSet<(string Kind, string Name)> _seeded = [];

    public async Task<(IReadOnlyList<string> Changes, IReadOnlyList<string> Errors)> ApplyAsync(SeedDocument seed, CancellationToken ct)
    {
        _seeded = [.. (await db.SeededEntries.AsNoTracking().ToListAsync(ct)).Select(e => (e.Kind, e.Name))];

        for (var i = 0; i < seed.Scopes.Count; i++)
        {
            await SyncScopeAsync(seed.Scopes[i], ct);
        }

        for (var i = 0; i < seed.Clients.Count; i++)
        {
            await SyncClientAsync(seed.Clients[i], ct);
        }

        for (var i = 0; i < seed.Users.Count; i++)
        {
            await SyncUserAsync(seed.Users[i], $"users[{i}]", ct);
        }

        await RemoveUnlistedAsync(seed, ct);
        return (_changes, _errors);
    }

    private async Task SyncScopeAsync(SeedScope scope, CancellationToken ct)
    {
        var existing = await scopes.FindByNameAsync(scope.Name, ct);
        if (existing is null)
        {
            var created = new OpenIddictScopeDescriptor { Name = scope.Name, DisplayName = scope.DisplayName };
            created.Resources.UnionWith(scope.Resources);
            await scopes.CreateAsync(created, ct);
            await RememberAsync(ScopeKind, scope.Name, ct);
            _changes.Add($"create scope {scope.Name}");
            return;
        }

        if (!Owns(ScopeKind, scope.Name))
        {
            _changes.Add($"skip scope {scope.Name}: it exists and was not created by the seed file");
            return;
        }

        var descriptor = new OpenIddictScopeDescriptor();
        await scopes.PopulateAsync(descriptor, existing, ct);
        var changed = Changed(descriptor.DisplayName, scope.DisplayName, "displayName")
            .Concat(Changed(descriptor.Resources, scope.Resources, "resources")).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        descriptor.DisplayName = scope.DisplayName;
        descriptor.Resources.Clear();
        descriptor.Resources.UnionWith(scope.Resources);
        await scopes.UpdateAsync(existing, descriptor, ct);
        _changes.Add($"update scope {scope.Name}: {string.Join(", ", changed)}");
    }

    private async Task SyncClientAsync(SeedClient client, CancellationToken ct)
    {
        var wanted = Describe(client);
        var existing = await applications.FindByClientIdAsync(client.ClientId, ct);
        if (existing is null)
        {
            await applications.CreateAsync(wanted, ct);
            await RememberAsync(ClientKind, client.ClientId, ct);
            _changes.Add($"create client {client.ClientId}");
            return;
        }

        if (!Owns(ClientKind, client.ClientId))
        {
            _changes.Add($"skip client {client.ClientId}: it exists and was not created by the seed file");
            return;
        }

        var current = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(current, existing, ct);
        var changed = Changed(current.DisplayName, wanted.DisplayName, "displayName")
            .Concat(Changed(current.ClientType, wanted.ClientType, "type"))
            .Concat(Changed(current.ConsentType, wanted.ConsentType, "consent"))
            .Concat(Changed(current.RedirectUris.Select(u => u.OriginalString), wanted.RedirectUris.Select(u => u.OriginalString), "redirectUris"))
            .Concat(Changed(current.PostLogoutRedirectUris.Select(u => u.OriginalString), wanted.PostLogoutRedirectUris.Select(u => u.OriginalString), "postLogoutRedirectUris"))
            .Concat(Changed(current.Permissions, wanted.Permissions, "permissions"))
            .Concat(Changed(current.Requirements, wanted.Requirements, "requirements"))
            .ToList();

        // The stored secret is a hash: ask the manager whether the file's secret still matches it.
        var secretChanged = client.ClientSecret is { } secret && !await applications.ValidateClientSecretAsync(existing, secret, ct);
        if (secretChanged)
        {
            changed.Add("secret");
        }

        if (changed.Count == 0)
        {
            return;
        }

        // The manager re-hashes ClientSecret only when it differs from the stored hash it populated.
        wanted.ClientSecret = secretChanged ? client.ClientSecret : current.ClientSecret;
        await applications.UpdateAsync(existing, wanted, ct);
        _changes.Add($"update client {client.ClientId}: {string.Join(", ", changed)}");
    }

    private async Task SyncUserAsync(SeedUser user, string path, CancellationToken ct)
    {
        var existing = await users.FindByNameAsync(user.Username);
        if (existing is null)
        {
            var created = new IdentityUser(user.Username) { Email = user.Email, EmailConfirmed = user.Email is not null, LockoutEnabled = true };
            if (Check(await users.CreateAsync(created, user.Password), $"{path}.password")
                && (user.Name is null || Check(await users.AddClaimAsync(created, new Claim(Claims.Name, user.Name)), $"{path}.name")))
            {
                await RememberAsync(UserKind, user.Username, ct);
                _changes.Add($"create user {user.Username}");
            }

            return;
        }

        if (!Owns(UserKind, user.Username))
        {
            _changes.Add($"skip user {user.Username}: it exists and was not created by the seed file");
            return;
        }

        var changed = new List<string>();
        if (!string.Equals(existing.Email, user.Email, StringComparison.Ordinal))
        {
            existing.Email = user.Email;
            existing.EmailConfirmed = user.Email is not null;
            Check(await users.UpdateAsync(existing), $"{path}.email");
            changed.Add("email");
        }

        var name = (await users.GetClaimsAsync(existing)).FirstOrDefault(c => c.Type == Claims.Name);
        if (name?.Value != user.Name)
        {
            if (name is not null)
            {
                Check(await users.RemoveClaimAsync(existing, name), $"{path}.name");
            }

            if (user.Name is not null)
            {
                Check(await users.AddClaimAsync(existing, new Claim(Claims.Name, user.Name)), $"{path}.name");
            }

            changed.Add("name");
        }

        if (!await users.CheckPasswordAsync(existing, user.Password))
        {
            var reset = await users.RemovePasswordAsync(existing);
            if (Check(reset, $"{path}.password"))
            {
                Check(await users.AddPasswordAsync(existing, user.Password), $"{path}.password");
            }

            changed.Add("password");
        }

        if (changed.Count > 0)
        {
            _changes.Add($"update user {user.Username}: {string.Join(", ", changed)}");
        }
    }

    private async Task RemoveUnlistedAsync(SeedDocument seed, CancellationToken ct)
    {
        foreach (var (kind, name) in _seeded.ToList())
        {
            switch (kind)
            {
                case ClientKind when seed.Clients.All(c => c.ClientId != name):
                    if (await applications.FindByClientIdAsync(name, ct) is { } application)
                    {
                        // Tokens first, then consents, then the client: nothing it was granted survives it.
                        var id = await applications.GetIdAsync(application, ct);
                        await foreach (var token in tokens.FindByApplicationIdAsync(id!, ct))
                        {
                            await tokens.DeleteAsync(token, ct);
                        }

                        await foreach (var authorization in authorizations.FindByApplicationIdAsync(id!, ct))
                        {
                            await authorizations.DeleteAsync(authorization, ct);
                        }

                        await applications.DeleteAsync(application, ct);
                    }

                    await ForgetAsync(kind, name, ct);
                    _changes.Add($"remove client {name} and its tokens");
                    break;

                case ScopeKind when seed.Scopes.All(s => s.Name != name):
                    if (await scopes.FindByNameAsync(name, ct) is { } scope)
                    {
                        await scopes.DeleteAsync(scope, ct);
                    }

                    await ForgetAsync(kind, name, ct);
                    _changes.Add($"remove scope {name}");
                    break;

                case UserKind when seed.Users.All(u => !string.Equals(u.Username, name, StringComparison.OrdinalIgnoreCase)):
                    if (await users.FindByNameAsync(name) is { } user)
                    {
                        Check(await users.DeleteAsync(user), $"users ({name})");
                    }

                    await ForgetAsync(kind, name, ct);
                    _changes.Add($"remove user {name}");
                    break;
            }
        }
    }

    private static OpenIddictApplicationDescriptor Describe(SeedClient client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            DisplayName = client.DisplayName,
            ClientType = client.Type == SeedValidator.Public ? ClientTypes.Public : ClientTypes.Confidential,
            ClientSecret = client.ClientSecret,
            ConsentType = client.Consent == SeedValidator.ImplicitConsent ? ConsentTypes.Implicit : ConsentTypes.Explicit,
            ApplicationType = ApplicationTypes.Web,
        };
        descriptor.RedirectUris.UnionWith(client.RedirectUris.Select(u => new Uri(u, UriKind.Absolute)));
        descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris.Select(u => new Uri(u, UriKind.Absolute)));

        var code = client.GrantTypes.Contains(SeedValidator.AuthorizationCode);
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
        if (client.Type == SeedValidator.Confidential)
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
        }

        if (code)
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Authorization);
            descriptor.Permissions.Add(Permissions.Endpoints.EndSession);
            descriptor.Permissions.Add(Permissions.ResponseTypes.Code);
            // PKCE for every client, confidential ones included (RFC 9700 §2.1.1).
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        foreach (var grant in client.GrantTypes)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.GrantType + grant);
        }

        foreach (var scope in client.Scopes)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        return descriptor;
    }

    private bool Owns(string kind, string name) => _seeded.Contains((kind, name));

    private async Task RememberAsync(string kind, string name, CancellationToken ct)
    {
        db.SeededEntries.Add(new SeededEntry { Kind = kind, Name = name });
        await db.SaveChangesAsync(ct);
    }

    private async Task ForgetAsync(string kind, string name, CancellationToken ct)
    {
        await db.SeededEntries.Where(e => e.Kind == kind && e.Name == name).ExecuteDeleteAsync(ct);
    }

    private bool Check(IdentityResult result, string path)
    {
        _errors.AddRange(result.Errors.Select(e => $"{path}: {e.Description}"));
        return result.Succeeded;
    }

    private static IEnumerable<string> Changed(string? current, string? wanted, string field) =>
        string.Equals(current, wanted, StringComparison.Ordinal) ? [] : [field];

    private static IEnumerable<string> Changed(IEnumerable<string> current, IEnumerable<string> wanted, string field) =>
        current.Order(StringComparer.Ordinal).SequenceEqual(wanted.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) ? [] : [field];
}

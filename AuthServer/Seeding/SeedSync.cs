using System.Security.Claims;
using AuthServer.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Seeding;

/// <summary>
/// Makes the database match a validated seed: creates what is new, updates what changed, removes what an earlier
/// seed created and the file no longer lists, and leaves alone anything registered by other means. An unchanged
/// entry causes no write at all, so a restart with the same file is free. The caller owns the transaction.
/// </summary>
internal sealed class SeedSync(
    AuthDbContext db,
    IOpenIddictApplicationManager applications,
    IOpenIddictScopeManager scopes,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    UserManager<IdentityUser> users,
    ILogger<SeedSync> logger)
{
    private const string ClientKind = "client";
    private const string ScopeKind = "scope";
    private const string UserKind = "user";

    /// <param name="Report">One line per entry: create/update/remove/forget/skipped, then one "unchanged: …" line.</param>
    /// <param name="ChangeCount">How many lines of the report are writes.</param>
    /// <param name="Errors">Errors found while writing (Identity's password rules…), each with its JSON path.</param>
    public sealed record Result(IReadOnlyList<string> Report, int ChangeCount, IReadOnlyList<string> Errors);

    private readonly List<string> _report = [];
    private readonly List<string> _unchanged = [];
    private readonly List<string> _errors = [];
    private List<SeededEntry> _seeded = [];
    private int _changeCount;

    public async Task<Result> ApplyAsync(SeedDocument seed, CancellationToken ct)
    {
        _report.Clear();
        _unchanged.Clear();
        _errors.Clear();
        _changeCount = 0;
        _seeded = await db.SeededEntries.AsNoTracking().ToListAsync(ct);

        foreach (var scope in seed.Scopes)
        {
            await SyncScopeAsync(scope, ct);
        }

        foreach (var client in seed.Clients)
        {
            await SyncClientAsync(client, ct);
        }

        foreach (var user in seed.Users)
        {
            await SyncUserAsync(user, ct);
        }

        await RemoveUnlistedAsync(seed, ct);
        if (_unchanged.Count > 0)
        {
            _report.Add("unchanged: " + string.Join(", ", _unchanged));
        }

        return new Result([.. _report], _changeCount, [.. _errors]);
    }

    private async Task SyncScopeAsync(SeedScope scope, CancellationToken ct)
    {
        var existing = await scopes.FindByNameAsync(scope.Name, ct);
        if (existing is null)
        {
            var created = new OpenIddictScopeDescriptor { Name = scope.Name, DisplayName = scope.DisplayName };
            created.Resources.UnionWith(scope.Resources);
            if (await TryAsync(scope.Path, async () => await scopes.CreateAsync(created, ct)))
            {
                await RememberAsync(ScopeKind, scope.Name, ct);
                Changed(ScopeKind, scope.Name, "create");
            }

            return;
        }

        if (!Owns(ScopeKind, scope.Name))
        {
            Skipped(ScopeKind, scope.Name);
            return;
        }

        // Starting from what is stored keeps anything the file does not describe (descriptions, properties).
        var descriptor = new OpenIddictScopeDescriptor();
        await scopes.PopulateAsync(descriptor, existing, ct);
        var changed = Differences(descriptor.DisplayName, scope.DisplayName, "displayName")
            .Concat(Differences(descriptor.Resources, scope.Resources, "resources"))
            .ToList();
        if (changed.Count == 0)
        {
            Unchanged(ScopeKind, scope.Name);
            return;
        }

        descriptor.DisplayName = scope.DisplayName;
        descriptor.Resources.Clear();
        descriptor.Resources.UnionWith(scope.Resources);
        if (await TryAsync(scope.Path, async () => await scopes.UpdateAsync(existing, descriptor, ct)))
        {
            Changed(ScopeKind, scope.Name, "update", changed);
        }
    }

    private async Task SyncClientAsync(SeedClient client, CancellationToken ct)
    {
        var wanted = SeedClientDescriptor.From(client);
        var existing = await applications.FindByClientIdAsync(client.ClientId, ct);
        if (existing is null)
        {
            // The manager hashes ClientSecret before it is stored.
            if (await TryAsync(client.Path, async () => await applications.CreateAsync(wanted, ct)))
            {
                await RememberAsync(ClientKind, client.ClientId, ct);
                Changed(ClientKind, client.ClientId, "create");
            }

            return;
        }

        if (!Owns(ClientKind, client.ClientId))
        {
            Skipped(ClientKind, client.ClientId);
            return;
        }

        var current = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(current, existing, ct);
        var changed = SeedClientDescriptor.Differences(current, wanted);

        // Only a hash is stored, so the file's secret is checked against it rather than compared. A public client's
        // stored record has no secret to check (and OpenIddict warns when asked to check one).
        var secretChanged = (client.ClientSecret, current.ClientSecret) switch
        {
            (null, null) => false,
            ({ } secret, { }) => !await applications.ValidateClientSecretAsync(existing, secret, ct),
            _ => true,
        };
        if (secretChanged)
        {
            changed.Insert(0, "secret");
        }

        if (changed.Count == 0)
        {
            Unchanged(ClientKind, client.ClientId);
            return;
        }

        // The manager re-hashes ClientSecret only when it differs from the stored hash it populated, so an unchanged
        // secret goes back as that hash.
        SeedClientDescriptor.CopyTo(wanted, current);
        current.ClientSecret = secretChanged ? client.ClientSecret : current.ClientSecret;
        if (await TryAsync(client.Path, async () => await applications.UpdateAsync(existing, current, ct)))
        {
            Changed(ClientKind, client.ClientId, "update", changed);
        }
    }

    private async Task SyncUserAsync(SeedUser user, CancellationToken ct)
    {
        var existing = await users.FindByNameAsync(user.Username);
        if (existing is null)
        {
            var created = new IdentityUser(user.Username) { Email = user.Email, EmailConfirmed = user.Email is not null, LockoutEnabled = true };
            if (Check(await users.CreateAsync(created, user.Password), user.Path)
                && (user.Name is null || Check(await users.AddClaimAsync(created, new Claim(Claims.Name, user.Name)), user.Path)))
            {
                await RememberAsync(UserKind, user.Username, ct);
                Changed(UserKind, user.Username, "create");
            }

            return;
        }

        if (!Owns(UserKind, user.Username))
        {
            Skipped(UserKind, user.Username);
            return;
        }

        var changed = new List<string>();
        if (!string.Equals(existing.Email, user.Email, StringComparison.Ordinal))
        {
            existing.Email = user.Email;
            existing.EmailConfirmed = user.Email is not null;
            Check(await users.UpdateAsync(existing), user.Path);
            changed.Add("email");
        }

        var name = (await users.GetClaimsAsync(existing)).FirstOrDefault(c => c.Type == Claims.Name);
        if (name?.Value != user.Name)
        {
            if (name is not null)
            {
                Check(await users.RemoveClaimAsync(existing, name), user.Path);
            }

            if (user.Name is not null)
            {
                Check(await users.AddClaimAsync(existing, new Claim(Claims.Name, user.Name)), user.Path);
            }

            changed.Add("name");
        }

        // A stored password is a salted hash: check the file's one against it, and reset only when it fails.
        if (!await users.CheckPasswordAsync(existing, user.Password))
        {
            if (!await users.HasPasswordAsync(existing) || Check(await users.RemovePasswordAsync(existing), user.Path))
            {
                Check(await users.AddPasswordAsync(existing, user.Password), user.Path);
            }

            changed.Add("password");
        }

        if (changed.Count == 0)
        {
            Unchanged(UserKind, user.Username);
        }
        else
        {
            Changed(UserKind, user.Username, "update", changed);
        }
    }

    private async Task RemoveUnlistedAsync(SeedDocument seed, CancellationToken ct)
    {
        foreach (var entry in _seeded)
        {
            var listed = entry.Kind switch
            {
                ClientKind => seed.Clients.Any(c => c.ClientId == entry.Name),
                ScopeKind => seed.Scopes.Any(s => s.Name == entry.Name),
                UserKind => seed.Users.Any(u => string.Equals(u.Username, entry.Name, StringComparison.OrdinalIgnoreCase)),
                _ => true,
            };
            if (listed)
            {
                continue;
            }

            var removed = entry.Kind switch
            {
                ClientKind => await RemoveClientAsync(entry.Name, ct),
                ScopeKind => await RemoveScopeAsync(entry.Name, ct),
                _ => await RemoveUserAsync(entry.Name, ct),
            };

            await db.SeededEntries.Where(e => e.Kind == entry.Kind && e.Name == entry.Name).ExecuteDeleteAsync(ct);
            Changed(entry.Kind, entry.Name, removed ? "remove" : "forget", removed ? [] : ["it was already gone"]);
        }
    }

    private async Task<bool> RemoveClientAsync(string clientId, CancellationToken ct)
    {
        if (await applications.FindByClientIdAsync(clientId, ct) is not { } application)
        {
            return false;
        }

        // OpenIddict's EF Core store deletes the client's authorizations and tokens with it, in the same save:
        // nothing the client was granted outlives it.
        await applications.DeleteAsync(application, ct);
        return true;
    }

    private async Task<bool> RemoveScopeAsync(string name, CancellationToken ct)
    {
        if (await scopes.FindByNameAsync(name, ct) is not { } scope)
        {
            return false;
        }

        await scopes.DeleteAsync(scope, ct);
        return true;
    }

    private async Task<bool> RemoveUserAsync(string username, CancellationToken ct)
    {
        if (await users.FindByNameAsync(username) is not { } user)
        {
            return false;
        }

        // Tokens and consents name the user only by subject, with no foreign key: revoke them explicitly, or a
        // refresh token issued to the removed user would stay redeemable.
        var subject = await users.GetUserIdAsync(user);
        await tokens.RevokeBySubjectAsync(subject, ct);
        await authorizations.RevokeBySubjectAsync(subject, ct);
        Check(await users.DeleteAsync(user), $"users ({username})");
        return true;
    }

    private bool Owns(string kind, string name) => _seeded.Any(e => e.Kind == kind && string.Equals(e.Name, name,
        kind == UserKind ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));

    private async Task RememberAsync(string kind, string name, CancellationToken ct)
    {
        db.SeededEntries.Add(new SeededEntry { Kind = kind, Name = name });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// OpenIddict validates a descriptor before storing it; a rule the seed validator does not know about ends up
    /// here, reported at the entry's path instead of escaping as an exception.
    /// </summary>
    private async Task<bool> TryAsync(string path, Func<Task> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (OpenIddictExceptions.ValidationException exception)
        {
            _errors.AddRange(exception.Results.Select(r => $"{path}: {r.ErrorMessage}").DefaultIfEmpty($"{path}: {exception.Message}"));
            return false;
        }
    }

    /// <summary>Identity's errors, each at the property it is about: password rules, user name rules, e-mail rules.</summary>
    private bool Check(IdentityResult result, string userPath)
    {
        foreach (var error in result.Errors)
        {
            var property = error.Code switch
            {
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => ".password",
                _ when error.Code.Contains("UserName", StringComparison.Ordinal) => ".username",
                _ when error.Code.Contains("Email", StringComparison.Ordinal) => ".email",
                _ => string.Empty,
            };
            _errors.Add($"{userPath}{property}: {error.Description}");
        }

        return result.Succeeded;
    }

    private void Changed(string kind, string name, string action, IReadOnlyList<string>? fields = null)
    {
        _changeCount++;
        var detail = fields is { Count: > 0 } ? ": " + string.Join(", ", fields) : string.Empty;
        _report.Add($"{action} {kind} {name}{detail}");
        SeedLog.Entry(logger, kind, name, action + detail);
    }

    private void Skipped(string kind, string name)
    {
        _report.Add($"skipped {kind} {name}: exists and was not created by the seed file");
        SeedLog.Skipped(logger, kind, name);
    }

    private void Unchanged(string kind, string name) => _unchanged.Add($"{kind} {name}");

    private static IEnumerable<string> Differences(string? current, string? wanted, string field) =>
        string.Equals(current, wanted, StringComparison.Ordinal) ? [] : [field];

    private static IEnumerable<string> Differences(IEnumerable<string> current, IEnumerable<string> wanted, string field) =>
        current.ToHashSet(StringComparer.Ordinal).SetEquals(wanted) ? [] : [field];
}

using System.Text.Json;
using AuthServer.Cors;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Seeding;

/// <summary>What a seed client means to OpenIddict: its type, consent, URIs, and the permissions its grants need.</summary>
internal static class SeedClientDescriptor
{
    public static OpenIddictApplicationDescriptor From(SeedClient client)
    {
        var code = client.GrantTypes.Contains(SeedValidator.AuthorizationCode);
        var confidential = client.Type == SeedValidator.Confidential;
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            DisplayName = client.DisplayName,
            ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ClientSecret = confidential ? client.ClientSecret : null,
            ConsentType = client.Consent == SeedValidator.ImplicitConsent ? ConsentTypes.Implicit : ConsentTypes.Explicit,
            ApplicationType = ApplicationTypes.Web,
        };
        descriptor.RedirectUris.UnionWith(client.RedirectUris.Select(u => new Uri(u, UriKind.Absolute)));
        descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris.Select(u => new Uri(u, UriKind.Absolute)));

        // Every client may revoke its own tokens (RFC 7009 §2); only a client that can authenticate may introspect
        // (RFC 7662 §2.1 requires the caller to be authorized).
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
        if (confidential)
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

        // RFC 8628 §3.1: the device asks for its codes at the device authorization endpoint, then polls the token endpoint.
        if (client.GrantTypes.Contains(SeedValidator.DeviceCode))
        {
            descriptor.Permissions.Add(Permissions.Endpoints.DeviceAuthorization);
        }

        descriptor.Permissions.UnionWith(client.GrantTypes.Select(grant => Permissions.Prefixes.GrantType + grant));
        descriptor.Permissions.UnionWith(client.Scopes.Select(scope => Permissions.Prefixes.Scope + scope));
        if (client.AllowedOrigins.Count > 0)
        {
            descriptor.Properties[ClientOrigins.Property] = JsonSerializer.SerializeToElement(client.AllowedOrigins);
        }

        client.Lifetimes?.CopyTo(descriptor.Settings);
        return descriptor;
    }

    /// <summary>The fields that differ, named as in the seed file where the file has a name for them.</summary>
    public static List<string> Differences(OpenIddictApplicationDescriptor current, OpenIddictApplicationDescriptor wanted)
    {
        var changed = new List<string>();
        Compare(current.DisplayName, wanted.DisplayName, "displayName");
        Compare(current.ClientType, wanted.ClientType, "type");
        Compare(current.ConsentType, wanted.ConsentType, "consent");
        Compare(WithPrefix(current, Permissions.Prefixes.GrantType), WithPrefix(wanted, Permissions.Prefixes.GrantType), "grantTypes");
        Compare(current.RedirectUris.Select(u => u.OriginalString), wanted.RedirectUris.Select(u => u.OriginalString), "redirectUris");
        Compare(current.PostLogoutRedirectUris.Select(u => u.OriginalString), wanted.PostLogoutRedirectUris.Select(u => u.OriginalString), "postLogoutRedirectUris");
        Compare(WithPrefix(current, Permissions.Prefixes.Scope), WithPrefix(wanted, Permissions.Prefixes.Scope), "scopes");
        Compare(OtherPermissions(current), OtherPermissions(wanted), "permissions");
        Compare(current.Requirements, wanted.Requirements, "requirements");
        Compare(current.ApplicationType, wanted.ApplicationType, "applicationType");
        Compare(ClientOrigins.Read(current.Properties), ClientOrigins.Read(wanted.Properties), "allowedOrigins");
        Compare(OwnedSettings(current), OwnedSettings(wanted), "tokenLifetimes");
        return changed;

        void Compare<T>(T before, T after, string field)
        {
            var same = (before, after) is (IEnumerable<string> a, IEnumerable<string> b)
                ? a.ToHashSet(StringComparer.Ordinal).SetEquals(b)
                : Equals(before, after);
            if (!same)
            {
                changed.Add(field);
            }
        }
    }

    /// <summary>Applies what the seed file says onto the stored descriptor, keeping what the file has no say in.</summary>
    public static void CopyTo(OpenIddictApplicationDescriptor wanted, OpenIddictApplicationDescriptor current)
    {
        current.DisplayName = wanted.DisplayName;
        current.ClientType = wanted.ClientType;
        current.ConsentType = wanted.ConsentType;
        current.ApplicationType = wanted.ApplicationType;
        Replace(current.RedirectUris, wanted.RedirectUris);
        Replace(current.PostLogoutRedirectUris, wanted.PostLogoutRedirectUris);
        Replace(current.Permissions, wanted.Permissions);
        Replace(current.Requirements, wanted.Requirements);
        current.Properties.Remove(ClientOrigins.Property);
        if (wanted.Properties.TryGetValue(ClientOrigins.Property, out var origins))
        {
            current.Properties[ClientOrigins.Property] = origins;
        }

        foreach (var key in SeedTokenLifetimes.SettingKeys)
        {
            current.Settings.Remove(key);
        }

        foreach (var (key, value) in wanted.Settings)
        {
            current.Settings[key] = value;
        }

        static void Replace<T>(HashSet<T> target, HashSet<T> source)
        {
            target.Clear();
            target.UnionWith(source);
        }
    }

    private static IEnumerable<string> OwnedSettings(OpenIddictApplicationDescriptor descriptor) =>
        SeedTokenLifetimes.SettingKeys.Where(descriptor.Settings.ContainsKey).Select(key => key + "=" + descriptor.Settings[key]);

    private static IEnumerable<string> WithPrefix(OpenIddictApplicationDescriptor descriptor, string prefix) =>
        descriptor.Permissions.Where(p => p.StartsWith(prefix, StringComparison.Ordinal));

    private static IEnumerable<string> OtherPermissions(OpenIddictApplicationDescriptor descriptor) =>
        descriptor.Permissions.Where(p => !p.StartsWith(Permissions.Prefixes.GrantType, StringComparison.Ordinal)
            && !p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal));
}

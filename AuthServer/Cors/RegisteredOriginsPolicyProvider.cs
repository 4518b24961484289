using System.Collections.Frozen;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OpenIddict.Server;

namespace AuthServer.Cors;

/// <summary>
/// The CORS policy, per request: on the endpoints a browser app calls directly (token, userinfo, revocation,
/// discovery, JWKS, end session) any origin registered for a client is allowed; everywhere else there is no
/// policy, so the authorization endpoint and the login, consent and error pages never answer CORS (docs/security-checklist.md R7).
/// Which client an origin belongs to is checked where the client is known (<see cref="OriginBoundClients"/>).
/// </summary>
internal sealed class RegisteredOriginsPolicyProvider : ICorsPolicyProvider
{
    private readonly RegisteredOrigins _origins;
    private readonly TimeSpan _maxAge;
    private readonly FrozenSet<string> _paths;

    public RegisteredOriginsPolicyProvider(RegisteredOrigins origins, IOptions<OpenIddictServerOptions> server, IOptions<CrossOriginOptions> settings)
    {
        _origins = origins;
        _maxAge = settings.Value.PreflightMaxAge;
        var options = server.Value;
        _paths = options.TokenEndpointUris
            .Concat(options.UserInfoEndpointUris)
            .Concat(options.RevocationEndpointUris)
            .Concat(options.ConfigurationEndpointUris)
            .Concat(options.JsonWebKeySetEndpointUris)
            .Concat(options.EndSessionEndpointUris)
            .Where(uri => !uri.IsAbsoluteUri)
            .Select(uri => "/" + uri.OriginalString.Trim('/'))
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        var path = context.Request.Path.Value?.TrimEnd('/');
        if (string.IsNullOrEmpty(path) || !_paths.Contains(path))
        {
            return null;
        }

        var registered = await _origins.GetAsync(context.RequestAborted);

        // No credentials: a browser app authenticates with PKCE and bearer tokens, never with this server's cookies,
        // so a cross-origin call can never ride on the user's sign-in session.
        return new CorsPolicyBuilder()
            .SetIsOriginAllowed(registered.Contains)
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders(HeaderNames.Authorization, HeaderNames.ContentType)
            .WithExposedHeaders(HeaderNames.WWWAuthenticate)
            .SetPreflightMaxAge(_maxAge)
            .Build();
    }
}

using AuthServer.Clients;
using AuthServer.Data;
using AuthServer.Hardening;
using AuthServer.Keys;
using AuthServer.Stores;
using AuthServer.TokenFamilies;
using AuthServer.Tokens;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth;

public static class OAuthServerExtensions
{
    /// <summary>
    /// OpenIddict core (EF stores) and server: the protocol work, and everything that plugs into it, in the one order
    /// that works (stores and keys replace or adjust what the server setup registers). Endpoints we own are mapped by
    /// <see cref="MapOAuthEndpoints"/>.
    /// </summary>
    public static WebApplicationBuilder AddOAuthServer(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<AuthDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetIntrospectionEndpointUris("connect/introspect")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/endsession")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");

                // OAuth 2.1: code (+PKCE), client credentials and refresh only; implicit and password stay off.
                server.AllowAuthorizationCodeFlow()
                    .AllowClientCredentialsFlow()
                    .AllowRefreshTokenFlow()
                    .RequireProofKeyForCodeExchange();

                // RFC 9700 §2.1.1: S256 only. OpenIddict also accepts and advertises "plain" unless removed.
                server.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));

                server.RejectRepeatedRequestParameters();
                server.ReturnErrorsToTrustedClients();
                server.AddEventHandler(UnpermittedScopes.Descriptor);
                server.AllowFormPostScript();
                server.AddTokenFamilies();

                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess);
                server.RegisterClaims(Claims.Subject, Claims.Name, Claims.PreferredUsername, Claims.Email, Claims.EmailVerified);

                // The ResourceApi validates signed JWTs (RFC 9068); encryption would hide them from it.
                server.DisableAccessTokenEncryption();

                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // Errors that cannot go back to the client leave an empty 400 for ErrorEndpoint to render.
                    .EnableStatusCodePagesIntegration();
            })
            .AddClientAuthentication()
            .UseCachedStores()
            .UseBatchedTokenStore()
            .UseKeyRing();

        // Settings reach OpenIddict when its options are built, from the bound AuthServerOptions.
        builder.Services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<AuthServerOptions>>(ApplySettings);
        builder.Services.TryAddSingleton<TransportSecurity>();
        builder.Services.AddOptions<OpenIddictServerAspNetCoreOptions>().Configure<TransportSecurity>((aspNetCore, transport) =>
            aspNetCore.DisableTransportSecurityRequirement = transport.AllowsPlainHttp);

        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    private static void ApplySettings(OpenIddictServerOptions server, IOptions<AuthServerOptions> options)
    {
        var settings = options.Value;
        server.AccessTokenLifetime = settings.Tokens.AccessToken;
        server.IdentityTokenLifetime = settings.Tokens.IdentityToken;
        server.AuthorizationCodeLifetime = settings.Tokens.AuthorizationCode;
        server.RefreshTokenLifetime = settings.Tokens.RefreshToken;
        server.RefreshTokenReuseLeeway = settings.Tokens.RefreshTokenReuseLeeway;
        if (settings.Issuer is not null)
        {
            server.Issuer = settings.Issuer;
        }
    }

    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapAuthorizeEndpoint();
        app.MapTokenEndpoint();
        app.MapUserInfoEndpoint();
        app.MapEndSessionEndpoint();
        return app;
    }

    internal static AuthServerOptions Settings(this HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<AuthServerOptions>>().Value;
}

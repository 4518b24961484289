using AuthServer.Clients;
using AuthServer.Data;
using AuthServer.Hosting;
using AuthServer.TokenFamilies;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth;

public static class OAuthServerExtensions
{
    /// <summary>OpenIddict core (EF stores) and server: the protocol work. Endpoints we own are mapped by <see cref="MapOAuthEndpoints"/>.</summary>
    public static WebApplicationBuilder AddOAuthServer(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthServerOptions>().BindConfiguration(AuthServerOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        var settings = builder.Configuration.GetSection(AuthServerOptions.Section).Get<AuthServerOptions>() ?? new AuthServerOptions();

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
                server.AddTokenFamilies();

                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess);
                server.RegisterClaims(Claims.Subject, Claims.Name, Claims.PreferredUsername, Claims.Email, Claims.EmailVerified);

                // The ResourceApi validates signed JWTs (RFC 9068); encryption would hide them from it.
                server.DisableAccessTokenEncryption();

                var lifetimes = settings.Tokens;
                server.SetAccessTokenLifetime(lifetimes.AccessToken)
                    .SetIdentityTokenLifetime(lifetimes.IdentityToken)
                    .SetAuthorizationCodeLifetime(lifetimes.AuthorizationCode)
                    .SetRefreshTokenLifetime(lifetimes.RefreshToken)
                    .SetRefreshTokenReuseLeeway(lifetimes.RefreshTokenReuseLeeway);

                if (settings.Issuer is not null)
                {
                    server.SetIssuer(settings.Issuer);
                }

                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // Errors that cannot go back to the client leave an empty 400 for ErrorEndpoint to render.
                    .EnableStatusCodePagesIntegration();

                // Plain HTTP is for loopback development and tests; TransportSecurity refuses it elsewhere.
                if (TransportSecurity.AllowsHttp(builder.Configuration, builder.Environment))
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddClientAuthentication();

        builder.Services.TryAddTimeProvider();
        return builder;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(s => s.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
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

using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ResourceApi.Telemetry;

namespace ResourceApi.Auth;

/// <summary>
/// Validates RFC 9068 JWT access tokens from the AuthServer. Discovery and the JWKS are fetched and cached by
/// JwtBearer's configuration manager; a token signed with a key it has not seen makes it fetch them again.
/// </summary>
public static partial class BearerAuthentication
{
    /// <summary>Asymmetric algorithms only: <c>none</c> and HMAC (e.g. HS256 keyed with the public key) are refused.</summary>
    private static readonly string[] AllowedAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static WebApplicationBuilder AddBearerAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        // IdentityModel 8 refreshes discovery and the JWKS in the background, so the first token signed with a new
        // key would be refused while the refresh runs. Blocking refresh lets that request wait for the new key set;
        // RefreshInterval still limits how often unknown key ids can trigger a fetch.
        AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", true);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();

        // Configure (not PostConfigure): JwtBearer's own post-configure builds the configuration manager from these.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, IHostEnvironment>((jwt, auth, environment) => Configure(jwt, auth.Value, environment));
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, IHostEnvironment environment)
    {
        jwt.Authority = auth.Authority.AbsoluteUri;
        jwt.Audience = auth.Audience;
        jwt.RequireHttpsMetadata = auth.HttpsMetadataRequired(environment);
        if (auth.MetadataAddress is { } metadata)
        {
            // Discovery from the internal address; OpenIddict builds the jwks_uri in it from the request's host, so
            // the keys come from there too. The issuer is still checked against Authority (ValidIssuer below).
            jwt.MetadataAddress = metadata.AbsoluteUri;
        }

        jwt.BackchannelTimeout = TimeSpan.FromSeconds(10);
        jwt.AutomaticRefreshInterval = auth.AutomaticRefreshInterval;
        jwt.RefreshInterval = auth.RefreshInterval;
        jwt.RefreshOnIssuerKeyNotFound = true;

        // Claims keep their JWT names (sub, scope, client_id) instead of the legacy WS-Federation URIs.
        jwt.MapInboundClaims = false;
        jwt.SaveToken = false;

        var parameters = jwt.TokenValidationParameters;
        parameters.ValidIssuer = auth.Authority.AbsoluteUri;
        parameters.ValidateIssuer = true;
        parameters.ValidateAudience = true;
        parameters.ValidateLifetime = true;
        parameters.RequireExpirationTime = true;
        parameters.RequireSignedTokens = true;
        parameters.ClockSkew = TimeSpan.FromSeconds(30);
        parameters.ValidAlgorithms = AllowedAlgorithms;

        // RFC 9068 §4: the typ header tells an access token from an ID token (typ JWT) signed by the same key.
        parameters.ValidTypes = ["at+jwt"];
        parameters.NameClaimType = "sub";
        parameters.RoleClaimType = "role";

        jwt.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = static context =>
            {
                var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BearerAuthentication).FullName!);
                var reason = BearerErrors.Describe(context.Exception);
                var exceptionType = context.Exception.GetType().Name;
                LogTokenRejected(logger, reason, exceptionType);
                context.HttpContext.RequestServices.GetRequiredService<ResourceApiMetrics>().TokenRejected(context.Exception);

                return Task.CompletedTask;
            },
            OnChallenge = static async context =>
            {
                // The response is ours: RFC 6750 §3 header and a ProblemDetails body instead of JwtBearer's empty 401.
                context.HandleResponse();
                await BearerErrors.WriteUnauthorizedAsync(context.HttpContext, context.AuthenticateFailure);
            },
        };
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Bearer token rejected: {Reason} ({ExceptionType})")]
    private static partial void LogTokenRejected(ILogger logger, string reason, string exceptionType);
}

using System.Diagnostics;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AuthServer.Telemetry;

/// <summary>
/// Counts what the token and authorization endpoints hand out, and the token endpoint's errors, from the responses
/// OpenIddict actually sends (so a request rejected late is an error, not an issued token); and wraps each token's
/// generation (claims, signature, encryption, row) in a span, since OpenIddict has no ActivitySource of its own.
/// Only the names of things are recorded: never a token, a code or a secret.
/// </summary>
internal sealed class TokenTelemetry(AuthServerMetrics metrics) :
    IOpenIddictServerHandler<ApplyTokenResponseContext>,
    IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    private const string GenerateSpan = "oauthsuite.token.generate";

    public static void Register(OpenIddictServerBuilder server) => server
        // After OpenIddict rewrites internal codes (invalid_token → invalid_grant), before the JSON is written.
        .AddEventHandler<ApplyTokenResponseContext>(handler => handler.UseSingletonHandler<TokenTelemetry>()
            .SetOrder(OpenIddictServerHandlers.Exchange.NormalizeErrorResponse.Descriptor.Order + 1_000).SetType(OpenIddictServerHandlerType.Custom))
        .AddEventHandler<ApplyAuthorizationResponseContext>(handler => handler.UseSingletonHandler<TokenTelemetry>().SetOrder(int.MinValue + 50_000).SetType(OpenIddictServerHandlerType.Custom))
        .AddEventHandler<GenerateTokenContext>(handler => handler.UseInlineHandler(StartGenerateSpan).SetOrder(int.MinValue).SetType(OpenIddictServerHandlerType.Custom))
        .AddEventHandler<GenerateTokenContext>(handler => handler.UseInlineHandler(StopGenerateSpan).SetOrder(int.MaxValue).SetType(OpenIddictServerHandlerType.Custom));

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        var response = context.Response;
        if (!string.IsNullOrEmpty(response.Error))
        {
            metrics.TokenError(response.Error);
            return ValueTask.CompletedTask;
        }

        var grantType = context.Request?.GrantType ?? "unknown";
        var clientId = context.Request?.ClientId ?? "unknown";
        if (response.AccessToken is not null)
        {
            metrics.TokenIssued(grantType, clientId, "access_token");
        }

        if (response.RefreshToken is not null)
        {
            metrics.TokenIssued(grantType, clientId, "refresh_token");
        }

        if (response.IdToken is not null)
        {
            metrics.TokenIssued(grantType, clientId, "id_token");
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        if (context.Response.Code is not null && context.Request?.ClientId is { } clientId)
        {
            metrics.TokenIssued(GrantTypes.AuthorizationCode, clientId, "authorization_code");
        }

        return ValueTask.CompletedTask;
    }

    // Start and stop are two handlers around OpenIddict's own (claims, signature, encryption, token row), so the
    // span covers the signature and the row write appears as its child.
    private static ValueTask StartGenerateSpan(GenerateTokenContext context)
    {
        AuthServerMetrics.Source.StartActivity(GenerateSpan)?.SetTag("oauth.token_type", ShortName(context.TokenType));
        return ValueTask.CompletedTask;
    }

    private static ValueTask StopGenerateSpan(GenerateTokenContext context)
    {
        if (Activity.Current is { OperationName: GenerateSpan } span && span.Source == AuthServerMetrics.Source)
        {
            span.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static string ShortName(string? tokenType) => tokenType switch
    {
        TokenTypeIdentifiers.AccessToken => "access_token",
        TokenTypeIdentifiers.RefreshToken => "refresh_token",
        TokenTypeIdentifiers.IdentityToken => "id_token",
        TokenTypeIdentifiers.Private.AuthorizationCode => "authorization_code",
        _ => "other",
    };
}

using DemoClient.Recording;
using DemoClient.Telemetry;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;

namespace DemoClient.Protocol;

/// <summary>Tokens as received. Kept only on this server, in the session store; shown only shortened.</summary>
public sealed record TokenSet(string AccessToken, string? IdToken, string? RefreshToken, int ExpiresIn, string? Scope, DateTimeOffset ReceivedAt);

/// <summary>A token request (code, refresh or client credentials) and its answer.</summary>
public sealed record TokenStep(
    string GrantType,
    IReadOnlyList<HttpExchange> Exchanges,
    TokenSet? Tokens,
    string? Error,
    string? ErrorDescription,
    string? Failure)
{
    public bool Succeeded => Tokens is not null;
}

public sealed partial class OAuthFlow
{
    /// <summary>Step 3b: redeem the code with the PKCE verifier and the same redirect URI (RFC 6749 §4.1.3, RFC 7636 §4.5).</summary>
    public Task<TokenStep> RedeemCodeAsync(AuthServerMetadata metadata, PendingAuthorization pending, string code, CancellationToken cancellationToken) =>
        RequestTokenAsync(OidcConstants.GrantTypes.AuthorizationCode, (http, ct) => http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = metadata.TokenEndpoint.AbsoluteUri,
            ClientId = Options.Auth.ClientId,
            ClientSecret = Secret,
            ClientCredentialStyle = CredentialStyle,
            Code = code,
            RedirectUri = pending.RedirectUri.AbsoluteUri,
            CodeVerifier = pending.CodeVerifier,
        }, ct), cancellationToken);

    /// <summary>A refresh (RFC 6749 §6). The AuthServer rotates refresh tokens: the one sent here stops working.</summary>
    public Task<TokenStep> RefreshAsync(AuthServerMetadata metadata, string refreshToken, CancellationToken cancellationToken) =>
        RequestTokenAsync(OidcConstants.GrantTypes.RefreshToken, (http, ct) => http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = metadata.TokenEndpoint.AbsoluteUri,
            ClientId = Options.Auth.ClientId,
            ClientSecret = Secret,
            ClientCredentialStyle = CredentialStyle,
            RefreshToken = refreshToken,
        }, ct), cancellationToken);

    /// <summary>Machine to machine (RFC 6749 §4.4): the service client authenticates as itself; no user is involved.</summary>
    public Task<TokenStep> ClientCredentialsAsync(AuthServerMetadata metadata, CancellationToken cancellationToken) =>
        RequestTokenAsync(OidcConstants.GrantTypes.ClientCredentials, (http, ct) => http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = metadata.TokenEndpoint.AbsoluteUri,
            ClientId = Options.Auth.ServiceClientId,
            ClientSecret = Options.Auth.ServiceClientSecret,
            Scope = Options.Auth.ServiceScope,
        }, ct), cancellationToken);

    // A public client (the native app) has no secret: it names itself with client_id in the body (RFC 6749 §4.1.3).
    private string? Secret => string.IsNullOrEmpty(Options.Auth.ClientSecret) ? null : Options.Auth.ClientSecret;

    private ClientCredentialStyle CredentialStyle => Secret is null ? ClientCredentialStyle.PostBody : ClientCredentialStyle.AuthorizationHeader;

    // Client authentication is client_secret_basic, Duende's default and RFC 6749 §2.3.1's recommendation.
    private async Task<TokenStep> RequestTokenAsync(
        string grantType, Func<HttpClient, CancellationToken, Task<TokenResponse>> send, CancellationToken cancellationToken)
    {
        var transcript = new List<HttpExchange>();
        using var http = Client(transcript);
        using var response = await send(http, cancellationToken);
        if (response.IsError || string.IsNullOrEmpty(response.AccessToken))
        {
            var failure = response.ErrorType switch
            {
                ResponseErrorType.Protocol => $"The token endpoint answered {(int)response.HttpStatusCode} {response.Error}: {response.ErrorDescription}",
                ResponseErrorType.Exception => $"Could not reach the token endpoint: {response.Error}",
                ResponseErrorType.None => "The token response has no access_token.",
                _ => $"The token endpoint answered {(int)response.HttpStatusCode}: {response.Error}",
            };
            // Only a protocol error's code is a bounded value; anything else is counted as "error".
            DemoClientTelemetry.TokenRequested(grantType, response.ErrorType == ResponseErrorType.Protocol && response.Error is { Length: > 0 and <= 40 } code ? code : "error");
            return new TokenStep(grantType, transcript, null, response.Error, response.ErrorDescription, failure);
        }

        DemoClientTelemetry.TokenRequested(grantType, error: null);
        var tokens = new TokenSet(response.AccessToken, response.IdentityToken, response.RefreshToken, response.ExpiresIn, response.Scope, clock.GetUtcNow());
        return new TokenStep(grantType, transcript, tokens, null, null, null);
    }
}

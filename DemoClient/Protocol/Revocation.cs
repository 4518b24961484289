using DemoClient.Recording;
using Duende.IdentityModel.Client;

namespace DemoClient.Protocol;

/// <summary>A revocation (RFC 7009) or introspection (RFC 7662) request and its answer.</summary>
public sealed record TokenCheckStep(IReadOnlyList<HttpExchange> Exchanges, bool? Active, string? Failure)
{
    public bool Succeeded => Failure is null;
}

public sealed partial class OAuthFlow
{
    /// <summary>Revokes a token; the AuthServer answers 200 whether or not it knew the token (RFC 7009 §2.2).</summary>
    public async Task<TokenCheckStep> RevokeAsync(AuthServerMetadata metadata, string token, string tokenTypeHint, CancellationToken cancellationToken)
    {
        if (metadata.RevocationEndpoint is not { } endpoint)
        {
            return new TokenCheckStep([], null, "The AuthServer publishes no revocation_endpoint.");
        }

        var transcript = new List<HttpExchange>();
        using var http = Client(transcript);
        using var response = await http.RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = endpoint.AbsoluteUri,
            ClientId = Options.Auth.ClientId,
            ClientSecret = Options.Auth.ClientSecret,
            Token = token,
            TokenTypeHint = tokenTypeHint,
        }, cancellationToken);
        return new TokenCheckStep(transcript, null, response.IsError ? $"Revocation failed: {response.Error}" : null);
    }

    /// <summary>Asks the AuthServer whether a token is still active; a revoked one must answer <c>active: false</c>.</summary>
    public async Task<TokenCheckStep> IntrospectAsync(AuthServerMetadata metadata, string token, string tokenTypeHint, CancellationToken cancellationToken)
    {
        if (metadata.IntrospectionEndpoint is not { } endpoint)
        {
            return new TokenCheckStep([], null, "The AuthServer publishes no introspection_endpoint.");
        }

        var transcript = new List<HttpExchange>();
        using var http = Client(transcript);
        using var response = await http.IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = endpoint.AbsoluteUri,
            ClientId = Options.Auth.ClientId,
            ClientSecret = Options.Auth.ClientSecret,
            Token = token,
            TokenTypeHint = tokenTypeHint,
        }, cancellationToken);
        return new TokenCheckStep(transcript, response.IsError ? null : response.IsActive, response.IsError ? $"Introspection failed: {response.Error}" : null);
    }
}

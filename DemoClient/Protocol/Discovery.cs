using DemoClient.Recording;
using Duende.IdentityModel.Client;

namespace DemoClient.Protocol;

/// <summary>What step 1 learned from the AuthServer's metadata (RFC 8414, OIDC Discovery) and key set.</summary>
public sealed record AuthServerMetadata(
    string Issuer,
    Uri AuthorizationEndpoint,
    Uri TokenEndpoint,
    Uri? EndSessionEndpoint,
    Uri? IntrospectionEndpoint,
    Uri? RevocationEndpoint,
    Uri JwksUri,
    bool IssParameterSupported,
    IReadOnlyList<string> IdTokenSigningAlgorithms,
    string JwksJson)
{
    /// <summary>RFC 8628 §4: where a device asks for its codes; null when the server does not offer the device flow.</summary>
    public Uri? DeviceAuthorizationEndpoint { get; init; }
}

/// <summary>Step 1's outcome: the metadata (null on failure) and the two requests that fetched it.</summary>
public sealed record DiscoveryStep(AuthServerMetadata? Metadata, IReadOnlyList<HttpExchange> Exchanges, string? Failure);

public sealed partial class OAuthFlow
{
    /// <summary>Step 1: read the discovery document, check it belongs to the configured authority, then fetch the keys.</summary>
    public async Task<DiscoveryStep> DiscoverAsync(CancellationToken cancellationToken)
    {
        var transcript = new List<HttpExchange>();
        using var http = Client(transcript);
        var authority = Options.Auth.Authority;
        var address = (Options.Auth.MetadataAddress ?? authority).AbsoluteUri;

        var policy = new DiscoveryPolicy
        {
            // The issuer and every endpoint must belong to the configured authority (RFC 8414 §3.3), even when
            // the document is fetched from another address.
            Authority = authority.AbsoluteUri,
            // An http authority is the operator's explicit development choice; with https every endpoint must be https.
            RequireHttps = authority.Scheme == Uri.UriSchemeHttps,
        };

        if (Options.Auth.MetadataAddress is { } metadataAddress)
        {
            // The document may name endpoints on the host it was fetched from (see FrontChannel).
            policy.AdditionalEndpointBaseAddresses.Add(metadataAddress.AbsoluteUri);
        }

        // Fetched by hand and parsed by Duende with the policy: its one-call helper would also fetch jwks_uri from
        // the public URL, which a container cannot reach. The keys come from the back-channel address below.
        var url = DiscoveryEndpoint.ParseUrl(address, policy.DiscoveryDocumentPath).Url;
        using var document = await GetDocumentAsync(http, url, policy, cancellationToken);
        if (document.IsError)
        {
            return new DiscoveryStep(null, transcript, $"Could not use the discovery document at {url}: {document.Error}");
        }

        if (Endpoint(document.AuthorizeEndpoint) is not { } authorize || Endpoint(document.TokenEndpoint) is not { } token
            || Endpoint(document.JwksUri) is not { } jwksUri || string.IsNullOrEmpty(document.Issuer))
        {
            return new DiscoveryStep(null, transcript, "The discovery document lacks issuer, authorization_endpoint, token_endpoint or jwks_uri.");
        }

        var keys = await http.GetJsonWebKeySetAsync(Backchannel(jwksUri).AbsoluteUri, cancellationToken);
        if (keys.IsError || string.IsNullOrEmpty(keys.Raw))
        {
            return new DiscoveryStep(null, transcript, $"Could not fetch the signing keys from {Backchannel(jwksUri)}: {keys.Error}");
        }

        var metadata = new AuthServerMetadata(
            document.Issuer,
            FrontChannel(authorize),
            Backchannel(token),
            Endpoint(document.EndSessionEndpoint) is { } endSession ? FrontChannel(endSession) : null,
            Endpoint(document.IntrospectionEndpoint) is { } introspect ? Backchannel(introspect) : null,
            Endpoint(document.RevocationEndpoint) is { } revoke ? Backchannel(revoke) : null,
            Backchannel(jwksUri),
            document.AuthorizationResponseIssParameterSupported ?? false,
            [.. document.IdTokenSigningAlgorithmsSupported ?? []],
            keys.Raw)
        {
            DeviceAuthorizationEndpoint = Endpoint(document.DeviceAuthorizationEndpoint) is { } device ? Backchannel(device) : null,
        };
        return new DiscoveryStep(metadata, transcript, null);
    }

    private static async Task<DiscoveryDocumentResponse> GetDocumentAsync(HttpClient http, string url, DiscoveryPolicy policy, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            return await ProtocolResponse.FromHttpResponseAsync<DiscoveryDocumentResponse>(response, policy);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ProtocolResponse.FromException<DiscoveryDocumentResponse>(exception);
        }
    }

    private static Uri? Endpoint(string? value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null;
}

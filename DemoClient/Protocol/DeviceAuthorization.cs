using DemoClient.Recording;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;

namespace DemoClient.Protocol;

/// <summary>What the device shows its user (RFC 8628 §3.2), and what it keeps to poll with.</summary>
public sealed record DeviceCodes(
    string DeviceCode,
    string UserCode,
    Uri VerificationUri,
    Uri? VerificationUriComplete,
    TimeSpan ExpiresIn,
    TimeSpan Interval);

/// <summary>The device authorization request's outcome: the codes, or why there are none.</summary>
public sealed record DeviceAuthorizationStep(DeviceCodes? Codes, IReadOnlyList<HttpExchange> Exchanges, string? Failure);

public sealed partial class OAuthFlow
{
    /// <summary>RFC 8628 §3.2 default when the server names no interval.</summary>
    public static readonly TimeSpan DefaultDeviceInterval = TimeSpan.FromSeconds(5);

    /// <summary>Step 2 of the device flow: ask for a device code and a user code (RFC 8628 §3.1). A public client: no secret.</summary>
    public async Task<DeviceAuthorizationStep> RequestDeviceCodesAsync(AuthServerMetadata metadata, CancellationToken cancellationToken)
    {
        var transcript = new List<HttpExchange>();
        if (metadata.DeviceAuthorizationEndpoint is not { } endpoint)
        {
            return new DeviceAuthorizationStep(null, transcript, "The discovery document has no device_authorization_endpoint: the AuthServer does not offer the device flow.");
        }

        using var http = Client(transcript);
        using var response = await http.RequestDeviceAuthorizationAsync(new DeviceAuthorizationRequest
        {
            Address = endpoint.AbsoluteUri,
            ClientId = Options.Auth.DeviceClientId,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Scope = Options.Auth.DeviceScope,
        }, cancellationToken);

        if (response.IsError)
        {
            var failure = response.ErrorType == ResponseErrorType.Exception
                ? $"Could not reach the device authorization endpoint: {response.Error}"
                : $"The device authorization endpoint answered {(int)response.HttpStatusCode} {response.Error}: {response.ErrorDescription}";
            return new DeviceAuthorizationStep(null, transcript, failure);
        }

        if (string.IsNullOrEmpty(response.DeviceCode) || string.IsNullOrEmpty(response.UserCode)
            || !Uri.TryCreate(response.VerificationUri, UriKind.Absolute, out var verification))
        {
            return new DeviceAuthorizationStep(null, transcript, "The device authorization response lacks device_code, user_code or verification_uri.");
        }

        var complete = Uri.TryCreate(response.VerificationUriComplete, UriKind.Absolute, out var link) ? FrontChannel(link) : null;
        var codes = new DeviceCodes(response.DeviceCode, response.UserCode, FrontChannel(verification), complete,
            TimeSpan.FromSeconds(response.ExpiresIn ?? 0), response.Interval > 0 ? TimeSpan.FromSeconds(response.Interval) : DefaultDeviceInterval);
        return new DeviceAuthorizationStep(codes, transcript, null);
    }

    /// <summary>One poll of the token endpoint with the device code (RFC 8628 §3.4).</summary>
    public Task<TokenStep> PollDeviceTokenAsync(AuthServerMetadata metadata, string deviceCode, CancellationToken cancellationToken) =>
        RequestTokenAsync(OidcConstants.GrantTypes.DeviceCode, (http, ct) => http.RequestDeviceTokenAsync(new DeviceTokenRequest
        {
            Address = metadata.TokenEndpoint.AbsoluteUri,
            ClientId = Options.Auth.DeviceClientId,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            DeviceCode = deviceCode,
        }, ct), cancellationToken);
}

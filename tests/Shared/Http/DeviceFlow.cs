namespace OAuthSuite.Testing;

/// <summary>
/// The device authorization grant (RFC 8628) as the tests drive it: the device's two back-channel calls, and the
/// person's side through the real /device page (signed in through the real form, antiforgery fields posted).
/// </summary>
public static class DeviceFlow
{
    public const string ClientId = "demo-device";
    public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";
    public const string Scope = "openid profile offline_access api.read";
    public const string Endpoint = "/connect/device";

    public static Task<TokenResponse> AuthorizeAsync(OAuthClient client, string clientId = ClientId, string scope = Scope) =>
        client.TokenAsync(new() { ["scope"] = scope }, clientId, secret: null, endpoint: Endpoint);

    public static Task<TokenResponse> PollAsync(OAuthClient client, string deviceCode, string clientId = ClientId) =>
        client.TokenAsync(new() { ["grant_type"] = GrantType, ["device_code"] = deviceCode }, clientId, secret: null);

    /// <summary>GET the page (with a code, as verification_uri_complete does), signing in as alice when asked.</summary>
    public static async Task<HttpResponseMessage> OpenPageAsync(OAuthClient client, string? userCode = null)
    {
        var response = await client.FollowAsync(userCode is null ? "/device" : "/device?user_code=" + Uri.EscapeDataString(userCode));
        if (OAuthClient.IsPage(response, "/account/login"))
        {
            response = await client.LoginAsync(response);
        }

        return response;
    }

    /// <summary>Types <paramref name="userCode"/> into the page's form: the confirmation page, or the form again with an error.</summary>
    public static async Task<HttpResponseMessage> EnterCodeAsync(OAuthClient client, string userCode)
    {
        var (form, _) = await HtmlForm.ParseAsync(await OpenPageAsync(client));
        return await client.SubmitAsync(form.Set("user_code", userCode));
    }

    /// <summary>Presses Allow or Deny on the confirmation page and follows to the page that says what happened.</summary>
    public static async Task<HttpResponseMessage> DecideAsync(OAuthClient client, HttpResponseMessage confirmation, string decision)
    {
        var (form, _) = await HtmlForm.ParseAsync(confirmation);
        return await client.SubmitAsync(form, decision);
    }

    /// <summary>Enter the code and press <paramref name="decision"/>.</summary>
    public static async Task<HttpResponseMessage> AnswerAsync(OAuthClient client, string userCode, string decision = "allow") =>
        await DecideAsync(client, await EnterCodeAsync(client, userCode), decision);
}

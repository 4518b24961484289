using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests;

/// <summary>
/// The device authorization grant (RFC 8628) through the real endpoints and the real /device page: codes, polling
/// answers (§3.5), and the verification page's refusals. Tests that move the clock or lock code entry get their own
/// server; the rest share one whose lockout limit is out of the way.
/// </summary>
public sealed class DeviceFlowTests(DeviceFlowTests.SharedServer factory) : IClassFixture<DeviceFlowTests.SharedServer>
{
    public sealed class SharedServer : AuthServerFactory
    {
        public SharedServer() => With("AuthServer:Device:MaxFailedCodeEntries", "100");
    }

    [Fact]
    public async Task DeviceAuthorization_ReturnsAnEightLetterUserCode_TheVerificationUris_AndTheInterval()
    {
        using var client = factory.CreateOAuthClient();

        var codes = await DeviceFlow.AuthorizeAsync(client);

        Assert.Equal(HttpStatusCode.OK, codes.Status);
        Assert.Equal("no-store", codes.Response.Headers.CacheControl?.ToString());
        Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$", codes["user_code"]);
        Assert.Equal($"{AuthServerFactory.Issuer}device", codes["verification_uri"]);
        Assert.Equal($"{AuthServerFactory.Issuer}device?user_code={Uri.EscapeDataString(codes["user_code"]!)}", codes["verification_uri_complete"]);
        Assert.InRange(int.Parse(codes["expires_in"]!, System.Globalization.CultureInfo.InvariantCulture), 590, 600);
        Assert.Equal("5", codes["interval"]);
        Assert.True(codes["device_code"]!.Length > 20);
    }

    [Fact]
    public async Task DeviceAuthorization_RefusesAClientNotRegisteredForTheDeviceGrant()
    {
        using var client = factory.CreateOAuthClient();

        var codes = await DeviceFlow.AuthorizeAsync(client, clientId: "demo-spa", scope: "openid");

        Assert.Equal(HttpStatusCode.BadRequest, codes.Status);
        Assert.Equal("unauthorized_client", codes.Error);
        Assert.Null(codes["user_code"]);
    }

    [Fact]
    public async Task Token_RefusesTheDeviceGrant_ToAClientNotRegisteredForIt()
    {
        using var device = factory.CreateOAuthClient();
        using var person = factory.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);
        await DeviceFlow.AnswerAsync(person, codes["user_code"]!, "allow");

        var stolen = await device.TokenAsync(new() { ["grant_type"] = DeviceFlow.GrantType, ["device_code"] = codes["device_code"]! },
            Seed.WebClient.Id, Seed.WebClient.Secret);

        Assert.Equal(HttpStatusCode.BadRequest, stolen.Status);
        Assert.Equal("unauthorized_client", stolen.Error);
        Assert.Null(stolen["access_token"]);
    }

    [Fact]
    public async Task Token_AnswersAuthorizationPending_UntilTheUserAllows_ThenIssuesTokensForTheUser()
    {
        using var device = factory.CreateOAuthClient();
        using var person = factory.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);

        var pending = await DeviceFlow.PollAsync(device, codes["device_code"]!);
        Assert.Equal(HttpStatusCode.BadRequest, pending.Status);
        Assert.Equal("authorization_pending", pending.Error);

        var done = await DeviceFlow.AnswerAsync(person, codes["user_code"]!, "allow");
        Assert.True(OAuthClient.IsPage(done, "/device/approved"), $"{(int)done.StatusCode} {done.RequestMessage?.RequestUri}");
        Assert.Contains("Your device is connected", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var tokens = await DeviceFlow.PollAsync(device, codes["device_code"]!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var access = Jwt.Payload(tokens["access_token"]!);
        Assert.Equal(DeviceFlow.ClientId, access.GetProperty("client_id").GetString());
        Assert.Equal(Seed.User.Username, access.GetProperty("preferred_username").GetString());
        Assert.Equal("resource-api", access.GetProperty("aud").GetString());
        Assert.Contains("api.read", access.GetProperty("scope").GetString()!.Split(' '));
        Assert.False(string.IsNullOrEmpty(tokens["refresh_token"]));
        Assert.Equal(DeviceFlow.ClientId, Jwt.Payload(tokens["id_token"]!).GetProperty("aud").GetString());

        // The refresh token works for the public device client, and rotates.
        var refreshed = await device.RefreshAsync(tokens["refresh_token"]!, DeviceFlow.ClientId, secret: null);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEqual(tokens["refresh_token"], refreshed["refresh_token"]);
    }

    [Fact]
    public async Task Token_RefusesTheDeviceCode_TheSecondTime()
    {
        using var device = factory.CreateOAuthClient();
        using var person = factory.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);
        await DeviceFlow.AnswerAsync(person, codes["user_code"]!, "allow");
        Assert.Equal(HttpStatusCode.OK, (await DeviceFlow.PollAsync(device, codes["device_code"]!)).Status);

        var again = await DeviceFlow.PollAsync(device, codes["device_code"]!);

        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("invalid_grant", again.Error);
    }

    [Fact]
    public async Task Token_AnswersAccessDenied_AfterTheUserDenies()
    {
        using var device = factory.CreateOAuthClient();
        using var person = factory.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);

        var done = await DeviceFlow.AnswerAsync(person, codes["user_code"]!, "deny");

        Assert.True(OAuthClient.IsPage(done, "/device/denied"), $"{(int)done.StatusCode} {done.RequestMessage?.RequestUri}");
        var denied = await DeviceFlow.PollAsync(device, codes["device_code"]!);
        Assert.Equal(HttpStatusCode.BadRequest, denied.Status);
        Assert.Equal("access_denied", denied.Error);
    }

    [Fact]
    public async Task Page_AcceptsTheCode_InLowerCase_AndWithoutTheDash()
    {
        using var device = factory.CreateOAuthClient();
        using var person = factory.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);
        var typed = codes["user_code"]!.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

        var confirmation = await DeviceFlow.EnterCodeAsync(person, typed);

        Assert.Equal(HttpStatusCode.OK, confirmation.StatusCode);
        var page = new HtmlParser().ParseDocument(await confirmation.Content.ReadAsStringAsync());
        Assert.Equal(codes["user_code"], page.QuerySelector("#device-code")?.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await DeviceFlow.DecideAsync(person, confirmation, "allow")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DeviceFlow.PollAsync(device, codes["device_code"]!)).Status);
    }

    [Fact]
    public async Task Page_ThroughVerificationUriComplete_SignsInFirst_ThenShowsWhoAsksForWhat()
    {
        using var device = factory.CreateOAuthClient();
        using var person = factory.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);
        var link = new Uri(codes["verification_uri_complete"]!);

        var login = await person.FollowAsync(link.PathAndQuery);
        Assert.True(OAuthClient.IsPage(login, "/account/login"), $"{(int)login.StatusCode} {login.RequestMessage?.RequestUri}");
        var confirmation = await person.LoginAsync(login);

        Assert.True(OAuthClient.IsPage(confirmation, "/device"), $"{(int)confirmation.StatusCode} {confirmation.RequestMessage?.RequestUri}");
        var page = new HtmlParser().ParseDocument(await confirmation.Content.ReadAsStringAsync());
        Assert.Equal("Allow OAuthSuite demo device on your device?", page.QuerySelector("h1")?.TextContent);
        Assert.Equal(codes["user_code"], page.QuerySelector("#device-code")?.TextContent);
        Assert.Equal(["openid", "profile", "offline_access", "api.read"], page.QuerySelectorAll(".scopes code").Select(c => c.TextContent));
        Assert.Equal(["allow", "deny"], page.QuerySelectorAll("button[name=device_decision]").Select(b => b.GetAttribute("value")));
        Assert.NotNull(page.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
            confirmation.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", confirmation.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Page_RefusesAWrongCode_WithAClearMessage_AndCountsIt()
    {
        using var person = factory.CreateOAuthClient();

        var response = await DeviceFlow.EnterCodeAsync(person, "BBBB-BBBB");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelector("#code-error")?.TextContent;
        Assert.NotNull(error);
        Assert.StartsWith("That code is not valid.", error, StringComparison.Ordinal);
        Assert.Matches(@"\d+ attempts left\.$", error);
    }

    [Fact]
    public async Task Page_RefusesACodeAlreadyUsed()
    {
        using var device = factory.CreateOAuthClient();
        using var person = factory.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);
        await DeviceFlow.AnswerAsync(person, codes["user_code"]!, "allow");

        var again = await DeviceFlow.EnterCodeAsync(person, codes["user_code"]!);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("That code is not valid", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_RefusesTheDeviceCode_WhenItsApprovedUserCodeIsReplayedBeforeTheDevicePolls()
    {
        using var device = factory.CreateOAuthClient();
        using var person = factory.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);
        await DeviceFlow.AnswerAsync(person, codes["user_code"]!, "allow");

        // OpenIddict treats a redeemed code presented again as a leak and revokes what it was issued with (as RFC 6749 §4.1.2 asks for codes).
        Assert.Equal(HttpStatusCode.BadRequest, (await DeviceFlow.EnterCodeAsync(person, codes["user_code"]!)).StatusCode);

        Assert.Equal("invalid_grant", (await DeviceFlow.PollAsync(device, codes["device_code"]!)).Error);
    }

    [Fact]
    public async Task Page_RefusesAPost_WithoutTheAntiforgeryToken()
    {
        using var device = factory.CreateOAuthClient();
        using var person = factory.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);
        await DeviceFlow.OpenPageAsync(person);

        var forged = await person.Http.PostAsync("/device", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user_code"] = codes["user_code"]!,
            ["device_decision"] = "allow",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("did not come from this server", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("authorization_pending", (await DeviceFlow.PollAsync(device, codes["device_code"]!)).Error);
    }

    [Fact]
    public async Task Page_SendsASignedOutVisitorToSignIn_KeepingTheCode()
    {
        using var person = factory.CreateOAuthClient();

        var response = await person.Http.GetAsync("/device?user_code=BCDF-GHJK");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2Fdevice%3Fuser_code%3DBCDF-GHJK", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Token_AnswersSlowDown_WhenPolledSoonerThanTheInterval_AndEachSlowDownAddsFiveSeconds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var server = new AuthServerFactory().WithServices(services => services.AddSingleton<TimeProvider>(clock));
        using var device = server.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);
        var deviceCode = codes["device_code"]!;

        Assert.Equal("authorization_pending", (await DeviceFlow.PollAsync(device, deviceCode)).Error);

        var tooSoon = await DeviceFlow.PollAsync(device, deviceCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooSoon.Status);
        Assert.Equal("slow_down", tooSoon.Error);
        Assert.Contains("10 seconds", tooSoon["error_description"], StringComparison.Ordinal);

        // The 5 s interval would now be enough, but the interval is 10 s since the slow_down.
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("slow_down", (await DeviceFlow.PollAsync(device, deviceCode)).Error);

        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("authorization_pending", (await DeviceFlow.PollAsync(device, deviceCode)).Error);
    }

    [Fact]
    public async Task Token_AnswersExpiredToken_AndThePageRefusesTheCode_AfterTheCodeLifetime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var server = new AuthServerFactory().WithServices(services => services.AddSingleton<TimeProvider>(clock));
        using var device = server.CreateOAuthClient();
        using var person = server.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);
        await DeviceFlow.OpenPageAsync(person);

        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var expired = await DeviceFlow.PollAsync(device, codes["device_code"]!);
        Assert.Equal(HttpStatusCode.BadRequest, expired.Status);
        Assert.Equal("expired_token", expired.Error);
        var entered = await DeviceFlow.EnterCodeAsync(person, codes["user_code"]!);
        Assert.Equal(HttpStatusCode.BadRequest, entered.StatusCode);
        Assert.Contains("That code is not valid", await entered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_LocksCodeEntry_AfterTooManyWrongCodes_EvenForTheRightCode()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var server = new AuthServerFactory()
            .With("AuthServer:Device:MaxFailedCodeEntries", "3")
            .WithServices(services => services.AddSingleton<TimeProvider>(clock));
        using var device = server.CreateOAuthClient();
        using var person = server.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);

        var messages = new List<string?>();
        for (var i = 0; i < 2; i++)
        {
            var wrong = await DeviceFlow.EnterCodeAsync(person, "BBBB-BBBB");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            messages.Add(new HtmlParser().ParseDocument(await wrong.Content.ReadAsStringAsync()).QuerySelector("#code-error")?.TextContent);
        }

        Assert.EndsWith("2 attempts left.", messages[0], StringComparison.Ordinal);
        Assert.EndsWith("1 attempt left.", messages[1], StringComparison.Ordinal);
        var third = await DeviceFlow.EnterCodeAsync(person, "BBBB-BBBB");
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("Code entry is locked for your account", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Locked: the right code is refused too, and the device is still waiting.
        var right = await DeviceFlow.EnterCodeAsync(person, codes["user_code"]!);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal("900", right.Headers.RetryAfter?.ToString());

        // After the lockout the right code works again.
        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        codes = await DeviceFlow.AuthorizeAsync(device);
        Assert.Equal(HttpStatusCode.OK, (await DeviceFlow.EnterCodeAsync(person, codes["user_code"]!)).StatusCode);
    }

    [Fact]
    public async Task Page_RateLimitsCodeEntryPerIp_With429_RetryAfter_AndAMessage()
    {
        using var server = new AuthServerFactory().With("AuthServer:RateLimits:DeviceCodePermits", "3");
        using var person = server.CreateOAuthClient();
        var (form, _) = await HtmlForm.ParseAsync(await DeviceFlow.OpenPageAsync(person));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await person.SubmitAsync(form.Set("user_code", "BBBB-BBBB"));
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(last.Headers.RetryAfter);
        Assert.Equal("text/html", last.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many codes were tried from your network", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_AdvertisesTheDeviceAuthorizationEndpoint_AndTheDeviceCodeGrant()
    {
        using var client = factory.CreateOAuthClient();

        var doc = JsonDocument.Parse(await client.Http.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal($"{AuthServerFactory.Issuer}connect/device", doc.GetProperty("device_authorization_endpoint").GetString());
        Assert.Contains(DeviceFlow.GrantType, doc.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
    }
}

using System.Net;
using Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Browser.Tests;

/// <summary>The device flow's person-facing half (RFC 8628 §3.3) in Chromium: sign in, type the device's code, allow.</summary>
[Collection(ChromiumGroup.Name)]
public sealed class DeviceTests(Chromium chromium)
{
    [Fact]
    public async Task DevicePage_SignInTypeTheCodeAndAllow_GivesTheDeviceTokensTheApiAccepts()
    {
        await using var session = await BrowserSession.StartAsync(chromium);
        var page = session.Page;
        using var device = session.Stack.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);
        Assert.Equal("authorization_pending", (await DeviceFlow.PollAsync(device, codes["device_code"]!)).Error);

        // The device's screen names the page; the person opens it and is asked to sign in first.
        await page.GotoAsync(codes["verification_uri"]!);
        var login = new LoginPage(page, session.Stack);
        await login.ExpectShownAsync();
        await login.SignInAsync();
        Assert.True(page.IsOn(session.Stack.AuthServer, "device"), $"Expected back on /device after signing in, got {page.Url}");
        await Expect(page.Heading()).ToHaveTextAsync("Connect a device");

        // Typed as a person might on a phone: lower case, no dash.
        var code = page.GetByLabel("Code");
        await Expect(code).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(codes["user_code"]!.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant());
        await page.SubmitAsync(() => page.Keyboard.PressAsync("Enter"));

        await Expect(page.Heading()).ToHaveTextAsync("Allow OAuthSuite demo device on your device?");
        await Expect(page.Locator("#device-code")).ToHaveTextAsync(codes["user_code"]!);
        await Expect(page.Locator(".scopes code")).ToHaveTextAsync(["openid", "profile", "offline_access", "api.read"]);
        await Screenshots.SaveAsync(page, "device-confirm");
        await page.SubmitAsync(page.Button("Allow"));

        Assert.True(page.IsOn(session.Stack.AuthServer, "device/approved"), $"Expected the approved page, got {page.Url}");
        await Expect(page.Heading()).ToHaveTextAsync("Your device is connected");
        var tokens = await DeviceFlow.PollAsync(device, codes["device_code"]!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        using var api = new HttpClient();
        using var call = new HttpRequestMessage(HttpMethod.Get, new Uri(session.Stack.ResourceApi, "api/me"));
        call.Headers.Authorization = new("Bearer", tokens["access_token"]);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(call)).StatusCode);
        session.AssertNothingBlockedOrThirdParty();
    }

    [Fact]
    public async Task DevicePage_ShowsAClearMessage_ForAWrongCode_AndKeepsWhatWasTyped()
    {
        await using var session = await BrowserSession.StartAsync(chromium, BrowserSession.Phone);
        var page = session.Page;
        await page.GotoAsync(new Uri(session.Stack.AuthServer, "device").AbsoluteUri);
        await new LoginPage(page, session.Stack).SignInAsync();

        await page.GetByLabel("Code").FillAsync("BBBB-BBBB");
        await page.SubmitAsync(page.Button("Continue"));

        var error = page.GetByRole(AriaRole.Alert);
        await Expect(error).ToContainTextAsync("That code is not valid.");
        await Expect(page.GetByLabel("Code")).ToHaveValueAsync("BBBB-BBBB");
        await Expect(page.GetByLabel("Code")).ToHaveAttributeAsync("aria-invalid", "true");
        await Screenshots.SaveAsync(page, "device-wrong-code-phone");
        session.AssertNothingBlockedOrThirdParty();
    }
}

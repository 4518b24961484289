using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using DemoClient.Headless;
using DemoClient.Settings;

namespace EndToEnd.Tests;

/// <summary>
/// The DemoClient against the real stack: the headless walk, and the page driven like a browser (cookies kept,
/// every redirect followed by hand, the AuthServer's real sign-in and consent forms posted).
/// </summary>
public sealed partial class DemoClientTests(DemoClientStackFixture fixture) : IClassFixture<DemoClientStackFixture>
{
    private Stack Stack => fixture.Stack;

    [Fact]
    public async Task Walk_ReturnsZero_AndPrintsTheFourSteps()
    {
        using var output = new StringWriter();

        var exitCode = await Walkthrough.RunAsync(WalkOptions(Stack), output);

        var text = output.ToString();
        Assert.True(exitCode == Walkthrough.Succeeded, text);
        for (var step = 1; step <= 4; step++)
        {
            Assert.Contains($"Step {step} of 4", text, StringComparison.Ordinal);
        }

        Assert.Contains("code_challenge_method", text, StringComparison.Ordinal);
        Assert.Contains("✓ nonce equals the one sent", text, StringComparison.Ordinal);
        Assert.Contains($"GET {Stack.ResourceApi}api/me", text, StringComparison.Ordinal);
        Assert.Contains("All four steps succeeded", text, StringComparison.Ordinal);
        AssertNoSecrets(text);
    }

    [Fact]
    public async Task WalkNative_ReturnsZero_SigningInAsAPublicClientThroughAnEphemeralLoopbackListener()
    {
        using var output = new StringWriter();

        var exitCode = await Walkthrough.RunNativeAsync(WalkOptions(Stack), output);

        var text = output.ToString();
        Assert.True(exitCode == Walkthrough.Succeeded, text);
        Assert.Matches(@"client_id\s+demo-native", text);
        Assert.Matches(@"client_secret\s+\(none\)", text);
        var redirect = RedirectLine().Match(text);
        Assert.True(redirect.Success, text);
        Assert.NotEqual(Stack.DemoClient.Port, int.Parse(redirect.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("code_challenge_method", text, StringComparison.Ordinal);
        Assert.Contains("The loopback listener received GET http://127.0.0.1:" + redirect.Groups["port"].Value + "/callback", text, StringComparison.Ordinal);
        Assert.Contains($"GET {Stack.ResourceApi}api/me", text, StringComparison.Ordinal);
        Assert.Contains("All four steps succeeded", text, StringComparison.Ordinal);
        AssertNoSecrets(text);
    }

    [Fact]
    public async Task WalkNative_StopsAtStep2_WhenTheNativeClientIsNotRegistered()
    {
        using var output = new StringWriter();
        var options = WalkOptions(Stack);
        options.Auth.NativeClientId = "no-such-native-app";

        var exitCode = await Walkthrough.RunNativeAsync(options, output);

        var text = output.ToString();
        Assert.Equal(Walkthrough.StepFailed, exitCode);
        Assert.Contains("✗ Step 2 failed: The AuthServer showed a page instead of redirecting back", text, StringComparison.Ordinal);
        Assert.DoesNotContain("All four steps succeeded", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Walk_StopsAtStep2WithTheAuthServersMessage_WhenThePasswordIsWrong()
    {
        using var output = new StringWriter();
        var options = WalkOptions(Stack);
        options.Walk.Password = "not-the-password";

        var exitCode = await Walkthrough.RunAsync(options, output);

        var text = output.ToString();
        Assert.Equal(Walkthrough.StepFailed, exitCode);
        Assert.Contains($"✗ Step 2 failed: The AuthServer refused the sign-in as {Seed.User.Username}: The username or password is incorrect.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Step 3 of 4", text, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Walk_StopsAtStep4_WhenTheResourceApiIsUnreachable()
    {
        using var output = new StringWriter();
        var nobody = new Uri($"http://127.0.0.1:{FreePorts.Take(1)[0]}/");
        var options = WalkOptions(Stack);
        options.ResourceApi.BaseUrl = nobody;

        var exitCode = await Walkthrough.RunAsync(options, output);

        var text = output.ToString();
        Assert.Equal(Walkthrough.StepFailed, exitCode);
        Assert.Contains($"✗ Step 4 failed: Could not reach the ResourceApi at {nobody}api/me", text, StringComparison.Ordinal);
        Assert.DoesNotContain("All four steps succeeded", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Walk_RefusesInvalidSettings_BeforeSendingAnything()
    {
        using var output = new StringWriter();
        var options = WalkOptions(Stack);
        options.Auth.Scope = "profile api.read";

        var exitCode = await Walkthrough.RunAsync(options, output);

        Assert.Equal(Walkthrough.InvalidSettings, exitCode);
        Assert.Contains("Auth:Scope must include openid.", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Step 1 of 4", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_ShowsAllFourSteps_AfterSigningInThroughTheAuthServer()
    {
        using var browser = new DemoBrowser();

        var page = await SignInAsync(browser, Stack);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(Stack.DemoClient.AbsoluteUri, page.Url.GetLeftPart(UriPartial.Path));
        Assert.Single(page.Document.QuerySelectorAll("h1"));
        for (var step = 1; step <= 4; step++)
        {
            Assert.NotNull(page.Document.QuerySelector($"#step-{step}"));
        }

        // Step 1: credentials (secret masked) and the discovery document.
        var settings = Table(page, "#client-settings");
        Assert.Equal(Seed.WebClient.Id, settings["client_id"]);
        Assert.Equal("demo…", settings["client_secret"]);
        Assert.Equal(Stack.AuthServer.AbsoluteUri, Table(page, "#discovery")["issuer"]);

        // Step 2: every authorization parameter, one row each.
        var authorize = Table(page, "#authorize-parameters");
        Assert.Equal("code", authorize["response_type"]);
        Assert.Equal(Seed.WebClient.Id, authorize["client_id"]);
        Assert.Equal(Stack.DemoClientCallback.AbsoluteUri, authorize["redirect_uri"]);
        Assert.Equal("openid profile email offline_access api.read", authorize["scope"]);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", authorize["state"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", authorize["nonce"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", authorize["code_challenge"]);

        // Step 3: the callback's checks, the token exchange, the ID token's checks and claims.
        AssertAllPassed(page, "#callback-checks", 2);
        Assert.Equal(Stack.AuthServer.AbsoluteUri, Table(page, "#callback-parameters")["iss"]);
        AssertAllPassed(page, "#idtoken-checks", 6); // iss, aud, exp, nonce, signature, and azp (OpenIddict always sends it)
        Assert.Equal(Seed.WebClient.Id, Table(page, "#idtoken-claims")["aud"]);
        Assert.Equal(Seed.User.Username, Table(page, "#idtoken-claims")["preferred_username"]);
        Assert.Contains("api.read", Table(page, "#accesstoken-claims")["scope"], StringComparison.Ordinal);

        // Step 4: the API's answer.
        Assert.StartsWith("← 200", Text(page, "#api-status"), StringComparison.Ordinal);
        Assert.Contains("\"sub\"", Text(page, "#step-4"), StringComparison.Ordinal);
        Assert.Contains("Bearer eyJ", Text(page, "#step-4"), StringComparison.Ordinal);

        AssertNoSecrets(page.Document.Body!.TextContent);
    }

    [Fact]
    public async Task RefreshButton_RotatesTheRefreshToken_AndTheApiAcceptsTheNewAccessToken()
    {
        using var browser = new DemoBrowser();
        var page = await SignInAsync(browser, Stack);

        page = await browser.PressAsync(page, "#refresh");

        Assert.Equal("success", page.Document.QuerySelector("#action-result")?.ClassName);
        AssertAllPassed(page, "#action-result-checks", 3);
        Assert.Contains("grant_type", Text(page, "#actions"), StringComparison.Ordinal);
        Assert.Contains("refresh_token", Text(page, "#actions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeRefreshButton_ShowsTheTokenInactive_AndRefusedWithInvalidGrant()
    {
        using var browser = new DemoBrowser();
        var page = await SignInAsync(browser, Stack);

        page = await browser.PressAsync(page, "#revoke-refresh");

        Assert.Equal("success", page.Document.QuerySelector("#action-result")?.ClassName);
        var checks = AssertAllPassed(page, "#action-result-checks", 3);
        Assert.Contains("active: false", checks[1], StringComparison.Ordinal);
        Assert.Contains("invalid_grant", checks[2], StringComparison.Ordinal);
        Assert.Contains("\"error\": \"invalid_grant\"", Text(page, "#actions"), StringComparison.Ordinal);

        // The revoked token is gone from the session: a refresh now explains there is nothing to refresh with.
        page = await browser.PressAsync(page, "#refresh");
        Assert.Equal("alert", page.Document.QuerySelector("#action-result")?.ClassName);
    }

    [Fact]
    public async Task Callback_IsRefused_WhenTheStateDoesNotMatch_AndTheRealSignInStillCompletes()
    {
        using var browser = new DemoBrowser();
        var home = await browser.GetAsync(Stack.DemoClient);
        var loginPage = await browser.PressAsync(home, "#signin");

        var forged = await browser.GetAsync(new Uri(Stack.DemoClient,
            $"callback?code=forged-code&state=not-the-state&iss={Uri.EscapeDataString(Stack.AuthServer.AbsoluteUri)}"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("state does not match", Text(forged, "#callback-refused"), StringComparison.Ordinal);
        Assert.Equal("false", forged.Document.QuerySelector("#callback-checks tbody tr:nth-child(2)")?.GetAttribute("data-passed"));
        Assert.DoesNotContain("forged-code", forged.Html, StringComparison.Ordinal);

        // The forged callback did not cancel the pending request.
        var page = await CompleteAuthorizationAsync(browser, loginPage);
        Assert.StartsWith("← 200", Text(page, "#api-status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_IsRefused_WithoutASignInInProgress()
    {
        using var browser = new DemoBrowser();

        var page = await browser.GetAsync(new Uri(Stack.DemoClient, "callback?code=abc&state=xyz"));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("No sign-in is waiting", Text(page, "#callback-refused"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MachineToMachinePanel_GetsAServiceToken_AndReadsTheData()
    {
        using var browser = new DemoBrowser();
        var home = await browser.GetAsync(Stack.DemoClient);

        var page = await browser.PressAsync(home, "#machine-run");

        Assert.Equal("success", page.Document.QuerySelector("#machine-result")?.ClassName);
        AssertAllPassed(page, "#machine-result-checks", 3);
        var claims = Table(page, "#machine-result-claims");
        Assert.Equal(Seed.Service.Id, claims["client_id"]);
        Assert.Equal(Seed.Service.Id, claims["sub"]);
        Assert.Contains("client_credentials", Text(page, "#machine"), StringComparison.Ordinal);
        Assert.Contains($"{Stack.ResourceApi}api/data", Text(page, "#machine"), StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.Service.Secret, page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogOut_EndsTheSessionAtTheAuthServer_AndComesBackHome()
    {
        using var browser = new DemoBrowser();
        var page = await SignInAsync(browser, Stack);

        page = await browser.PressAsync(page, "#logout");

        Assert.Equal(Stack.DemoClient.AbsoluteUri, page.Url.AbsoluteUri);
        Assert.Contains(browser.Visited, u => u.AbsolutePath == "/connect/endsession" && u.Query.Contains("id_token_hint=", StringComparison.Ordinal)
            && u.Query.Contains($"post_logout_redirect_uri={Uri.EscapeDataString(Stack.DemoClient.AbsoluteUri)}", StringComparison.Ordinal));
        Assert.Null(page.Document.QuerySelector("#api-status"));

        // Signed out at the AuthServer too: the next sign-in asks for the password again.
        var next = await browser.PressAsync(page, "#signin");
        Assert.Equal("/account/login", next.Url.AbsolutePath);
    }

    [Fact]
    public async Task Buttons_RefuseAPostWithoutTheAntiforgeryToken()
    {
        using var http = new HttpClient();

        var response = await http.PostAsync(new Uri(Stack.DemoClient, "signin"), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex(@"redirect_uri\s+http://127\.0\.0\.1:(?<port>[0-9]+)/callback")]
    private static partial Regex RedirectLine();

    internal static DemoClientOptions WalkOptions(Stack stack) => new()
    {
        Auth = { Authority = stack.AuthServer, ClientId = Seed.WebClient.Id, ClientSecret = Seed.WebClient.Secret },
        ResourceApi = { BaseUrl = stack.ResourceApi },
        Site = { BaseUrl = stack.DemoClient, RequestTimeout = TimeSpan.FromMinutes(3) },
    };

    /// <summary>Home → Sign in → the AuthServer's pages → back on the home page with all four steps done.</summary>
    internal static async Task<BrowserPage> SignInAsync(DemoBrowser browser, Stack stack, string decision = "allow")
    {
        var home = await browser.GetAsync(stack.DemoClient);
        var page = await browser.PressAsync(home, "#signin");
        return await CompleteAuthorizationAsync(browser, page, decision);
    }

    /// <summary>From wherever the AuthServer put the browser: sign in if asked, consent if asked, follow back.</summary>
    internal static async Task<BrowserPage> CompleteAuthorizationAsync(DemoBrowser browser, BrowserPage page, string decision = "allow")
    {
        if (page.Url.AbsolutePath == "/account/login")
        {
            page = await browser.PressAsync(page, "form", form => form.Set("username", Seed.User.Username).Set("password", Seed.User.Password));
        }

        if (page.Document.QuerySelector("button[name=consent_decision]") is not null)
        {
            page = await browser.PressAsync(page, "form", button: decision);
        }

        return page;
    }

    private static Dictionary<string, string> Table(BrowserPage page, string selector)
    {
        var table = page.Document.QuerySelector(selector) ?? throw new Xunit.Sdk.XunitException($"No {selector} on the page: {page.Html}");
        return table.QuerySelectorAll("tbody tr").ToDictionary(
            row => row.QuerySelector("th")!.TextContent.Trim(),
            row => row.QuerySelector("td code")!.TextContent.Trim());
    }

    /// <summary>Every row of a checks table passed; returns each row's text.</summary>
    private static List<string> AssertAllPassed(BrowserPage page, string selector, int expectedRows)
    {
        var rows = page.Document.QuerySelectorAll($"{selector} tbody tr");
        Assert.True(rows.Length == expectedRows, $"{selector}: expected {expectedRows} rows, got {rows.Length}: {page.Document.QuerySelector(selector)?.TextContent}");
        Assert.All(rows, row => Assert.True(row.GetAttribute("data-passed") == "true", row.TextContent));
        return [.. rows.Select(r => r.TextContent)];
    }

    private static string Text(BrowserPage page, string selector) =>
        page.Document.QuerySelector(selector)?.TextContent ?? throw new Xunit.Sdk.XunitException($"No {selector} on the page ({(int)page.Status}): {page.Html}");

    /// <summary>No client secret or password, and no token in full (codes, JWTs and JWEs all start with a base64url JSON header).</summary>
    private static void AssertNoSecrets(string text)
    {
        Assert.DoesNotContain(Seed.WebClient.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.User.Password, text, StringComparison.Ordinal);
        Assert.Empty(LongTokenPattern().Matches(text));
    }

    [GeneratedRegex("eyJ[A-Za-z0-9_-]{20,}")]
    private static partial Regex LongTokenPattern();
}

/// <summary>A consent page only shows once per user and client, so denying gets a stack of its own.</summary>
public sealed class DemoClientConsentTests(DemoClientStackFixture fixture) : IClassFixture<DemoClientStackFixture>
{
    [Fact]
    public async Task DenyingConsent_ShowsAccessDenied_Explained()
    {
        using var browser = new DemoBrowser();

        var page = await DemoClientTests.SignInAsync(browser, fixture.Stack, decision: "deny");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var result = page.Document.QuerySelector("#callback-result")!;
        Assert.Equal("alert", result.ClassName);
        Assert.Contains("error=access_denied", result.TextContent, StringComparison.Ordinal);
        Assert.Contains("Deny was chosen", result.TextContent, StringComparison.Ordinal);
        Assert.All(page.Document.QuerySelectorAll("#callback-checks tbody tr"), row => Assert.Equal("true", row.GetAttribute("data-passed")));
        Assert.Null(page.Document.QuerySelector("#api-status"));
    }
}

/// <summary>
/// The stack with a higher sign-in rate limit: every test here signs in through the real form from the same IP,
/// and the limit under test elsewhere (docs/security-checklist.md C3) is not what these tests are about.
/// </summary>
public sealed class DemoClientStackFixture : StackFixture
{
    protected override StackOptions Options => new(AuthServerSettings: new Dictionary<string, string?>
    {
        ["AuthServer:RateLimits:LoginPermits"] = "100",
    });
}

/// <summary>A page as the browser got it: status, final URL, HTML.</summary>
internal sealed record BrowserPage(HttpStatusCode Status, Uri Url, string Html, IHtmlDocument Document);

/// <summary>
/// A browser for the tests: one cookie jar for every host (as a browser's, cookies ignore the port), and redirects
/// followed by hand so that each hop is seen.
/// </summary>
internal sealed class DemoBrowser : IDisposable
{
    private const int MaxHops = 12;

    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });

    /// <summary>Every URL requested, in order.</summary>
    public List<Uri> Visited { get; } = [];

    public Task<BrowserPage> GetAsync(Uri url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>Submits the form matched by <paramref name="selector"/> (its antiforgery field included), then follows redirects.</summary>
    public async Task<BrowserPage> PressAsync(BrowserPage page, string selector, Func<HtmlForm, HtmlForm>? fill = null, string? button = null)
    {
        using var response = new HttpResponseMessage(page.Status) { Content = new StringContent(page.Html) };
        var (form, _) = await HtmlForm.ParseAsync(response, selector);
        form = fill?.Invoke(form) ?? form;
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(page.Url, form.Action)) { Content = form.Content(button) });
    }

    private async Task<BrowserPage> SendAsync(HttpRequestMessage request)
    {
        for (var hop = 0; hop < MaxHops; hop++)
        {
            Visited.Add(request.RequestUri!);
            using var response = await _http.SendAsync(request);
            var url = request.RequestUri!;
            request.Dispose();
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, location));
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            return new BrowserPage(response.StatusCode, url, html, new HtmlParser().ParseDocument(html));
        }

        throw new InvalidOperationException($"More than {MaxHops} redirects: {string.Join(" → ", Visited)}");
    }

    public void Dispose() => _http.Dispose();
}

using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DemoClient.Headless;
using DemoClient.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// <c>dotnet run --project DemoClient -- device</c> against the real stack: the command prints the code and polls
/// while a person, here a test, answers on the AuthServer's real /device page over HTTP (signed in through the
/// real form, antiforgery fields posted); then the command calls the ResourceApi.
/// </summary>
public sealed partial class DeviceFlowTests(DeviceStackFixture fixture) : IClassFixture<DeviceStackFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task DeviceCommand_PrintsTheCode_PollsUntilApprovedOnTheDevicePage_ThenCallsTheApi()
    {
        using var output = new WatchedOutput();
        using var cancel = new CancellationTokenSource(Patience);
        var run = DeviceWalkthrough.RunAsync(Options(fixture.Stack), output, cancellationToken: cancel.Token);

        var userCode = await output.WaitForAsync(UserCodeLine(), cancel.Token);
        Assert.Contains($"verification_uri         {fixture.Stack.AuthServer}device", output.Text, StringComparison.Ordinal);
        Assert.Contains($"or open directly         {fixture.Stack.AuthServer}device?user_code={userCode}", output.Text, StringComparison.Ordinal);
        await output.WaitForAsync(PendingLine(), cancel.Token);
        using var person = fixture.Stack.CreateOAuthClient();
        var done = await DeviceFlow.AnswerAsync(person, userCode, "allow");

        Assert.True(OAuthClient.IsPage(done, "/device/approved"), $"{(int)done.StatusCode} {done.RequestMessage?.RequestUri}");
        var exitCode = await run;
        var text = output.Text;
        Assert.True(exitCode == Walkthrough.Succeeded, text);
        Assert.Contains("interval                 1 s between polls", text, StringComparison.Ordinal);
        Assert.Contains("✓ Approved: tokens received", text, StringComparison.Ordinal);
        Assert.Contains($"GET {fixture.Stack.ResourceApi}api/me", text, StringComparison.Ordinal);
        Assert.Contains("← 200", text, StringComparison.Ordinal);
        Assert.Contains("All four steps succeeded", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("eyJ[A-Za-z0-9_-]{20,}", text);
    }

    [Fact]
    public async Task DeviceCommand_ExitsNonZero_WithAClearMessage_WhenTheUserDenies()
    {
        using var output = new WatchedOutput();
        using var cancel = new CancellationTokenSource(Patience);
        var run = DeviceWalkthrough.RunAsync(Options(fixture.Stack), output, cancellationToken: cancel.Token);

        var userCode = await output.WaitForAsync(UserCodeLine(), cancel.Token);
        using var person = fixture.Stack.CreateOAuthClient();
        var done = await DeviceFlow.AnswerAsync(person, userCode, "deny");

        Assert.True(OAuthClient.IsPage(done, "/device/denied"), $"{(int)done.StatusCode} {done.RequestMessage?.RequestUri}");
        var exitCode = await run;
        Assert.Equal(Walkthrough.StepFailed, exitCode);
        Assert.Contains("✗ Step 3 failed: The user chose Deny on the verification page (error=access_denied)", output.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Step 4 of 4", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevicePage_RefusesTheSameCode_AfterItWasApproved_AndTheDeviceCodeWorksOnce()
    {
        using var device = fixture.Stack.CreateOAuthClient();
        using var person = fixture.Stack.CreateOAuthClient();
        var codes = await DeviceFlow.AuthorizeAsync(device);
        var done = await DeviceFlow.AnswerAsync(person, codes["user_code"]!, "allow");
        Assert.True(OAuthClient.IsPage(done, "/device/approved"), $"{(int)done.StatusCode} {done.RequestMessage?.RequestUri} {await done.Content.ReadAsStringAsync()}");

        var first = await DeviceFlow.PollAsync(device, codes["device_code"]!);
        var again = await DeviceFlow.EnterCodeAsync(person, codes["user_code"]!);
        var second = await DeviceFlow.PollAsync(device, codes["device_code"]!);

        Assert.True(first.Status == HttpStatusCode.OK, first.Json.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("That code is not valid", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("invalid_grant", second.Error);

        // The tokens the device already has are not the ones a replayed user code revokes: the API still takes them.
        using var api = new HttpClient();
        using var call = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Stack.ResourceApi, "api/me"));
        call.Headers.Authorization = new("Bearer", first["access_token"]);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(call)).StatusCode);
    }

    [Fact]
    public async Task DeviceCommand_RefusesInvalidSettings_BeforeSendingAnything()
    {
        using var output = new WatchedOutput();
        var options = Options(fixture.Stack);
        options.Auth.DeviceClientId = string.Empty;

        var exitCode = await DeviceWalkthrough.RunAsync(options, output);

        Assert.Equal(Walkthrough.InvalidSettings, exitCode);
        Assert.Contains("Auth:DeviceClientId is required.", output.Text, StringComparison.Ordinal);
    }

    internal static DemoClientOptions Options(Stack stack) => new()
    {
        Auth = { Authority = stack.AuthServer },
        ResourceApi = { BaseUrl = stack.ResourceApi },
        Site = { BaseUrl = stack.DemoClient },
    };

    [GeneratedRegex(@"user_code\s+([B-Z]{4}-[B-Z]{4})")]
    internal static partial Regex UserCodeLine();

    [GeneratedRegex(@"poll \d+: (authorization_pending)")]
    internal static partial Regex PendingLine();

    [GeneratedRegex(@"poll \d+: (slow_down); polling every 6 s")]
    internal static partial Regex SlowDownLine();
}

/// <summary>
/// The stack with the AuthServer's clock in the test's hand: the device command meets <c>slow_down</c> (the clock
/// stands still, so its second poll is always too soon) and slows down, and is still approved.
/// </summary>
public sealed class DeviceSlowDownTests(DeviceClockStackFixture fixture) : IClassFixture<DeviceClockStackFixture>
{
    [Fact]
    public async Task DeviceCommand_SlowsDownByFiveSeconds_WhenTold_AndIsStillApproved()
    {
        using var output = new WatchedOutput();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = DeviceWalkthrough.RunAsync(DeviceFlowTests.Options(fixture.Stack), output, cancellationToken: cancel.Token);

        var userCode = await output.WaitForAsync(DeviceFlowTests.UserCodeLine(), cancel.Token);
        await output.WaitForAsync(DeviceFlowTests.SlowDownLine(), cancel.Token);
        using var person = fixture.Stack.CreateOAuthClient();
        await DeviceFlow.AnswerAsync(person, userCode, "allow");

        var exitCode = await run;
        Assert.True(exitCode == Walkthrough.Succeeded, output.Text);
        Assert.Contains("poll 1: authorization_pending", output.Text, StringComparison.Ordinal);
        Assert.Contains("poll 2: slow_down; polling every 6 s from now on", output.Text, StringComparison.Ordinal);
    }
}

/// <summary>A stack of its own: moving its AuthServer's clock past the code lifetime would upset other tests' tokens.</summary>
public sealed class DeviceExpiryTests(DeviceClockStackFixture fixture) : IClassFixture<DeviceClockStackFixture>
{
    [Fact]
    public async Task DeviceCommand_ExitsNonZero_WithAClearMessage_WhenTheCodeExpires()
    {
        using var output = new WatchedOutput();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = DeviceWalkthrough.RunAsync(DeviceFlowTests.Options(fixture.Stack), output, cancellationToken: cancel.Token);

        await output.WaitForAsync(DeviceFlowTests.PendingLine(), cancel.Token);
        fixture.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var exitCode = await run;
        Assert.Equal(Walkthrough.StepFailed, exitCode);
        Assert.Contains("✗ Step 3 failed: The code expired before anyone approved it (error=expired_token): run the command again for a new code.", output.Text, StringComparison.Ordinal);
    }
}

/// <summary>A 1 s polling interval keeps the tests short; sign-ins are not what is limited here.</summary>
public sealed class DeviceStackFixture : StackFixture
{
    protected override StackOptions Options => new(StartDemoClient: false, AuthServerSettings: new Dictionary<string, string?>
    {
        ["AuthServer:RateLimits:LoginPermits"] = "100",
        ["AuthServer:Device:PollingInterval"] = "00:00:01",
    });
}

/// <summary>As <see cref="DeviceStackFixture"/>, with the AuthServer on a fake clock that only the test moves.</summary>
public sealed class DeviceClockStackFixture : StackFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override StackOptions Options => new(StartDemoClient: false, AuthServerSettings: new Dictionary<string, string?>
    {
        ["AuthServer:RateLimits:LoginPermits"] = "100",
        ["AuthServer:Device:PollingInterval"] = "00:00:01",
    })
    {
        AuthServerServices = services => services.AddSingleton<TimeProvider>(Clock),
    };
}

/// <summary>Console output a test can wait on: the walk writes from its task while the test reads.</summary>
internal sealed class WatchedOutput : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly SemaphoreSlim _written = new(0);

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
        }

        if (value == '\n')
        {
            _written.Release();
        }
    }

    /// <summary>Waits until a printed line matches, and returns the pattern's first group.</summary>
    public async Task<string> WaitForAsync(Regex pattern, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (pattern.Match(Text) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }

            try
            {
                await _written.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No line matching {pattern} was printed in time. Output so far:\n{Text}");
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _written.Dispose();
        }

        base.Dispose(disposing);
    }
}

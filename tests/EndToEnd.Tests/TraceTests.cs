using System.Collections.Concurrent;
using System.Diagnostics;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests;

/// <summary>
/// W3C trace context across the stack: one press of the DemoClient's machine-to-machine button (DemoClient →
/// AuthServer token endpoint → ResourceApi) is one trace, and the AuthServer's own spans (token generation and
/// signature, the token-row write's EF Core command) belong to it.
/// </summary>
public sealed class TraceTests : IClassFixture<DemoClientStackFixture>, IDisposable
{
    private static readonly ActivitySource TestSource = new("EndToEnd.Tests.TraceTests");
    private readonly DemoClientStackFixture _fixture;
    private readonly ConcurrentBag<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public TraceTests(DemoClientStackFixture fixture)
    {
        _fixture = fixture;
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task OneRequestThroughTheStack_IsOneTrace_FromTheCallerToTheResourceApi()
    {
        var stack = _fixture.Stack;
        using var browser = new DemoBrowser();
        var home = await browser.GetAsync(stack.DemoClient);

        ActivityTraceId traceId;
        using (var caller = TestSource.StartActivity("press machine-to-machine"))
        {
            Assert.NotNull(caller);
            traceId = caller.TraceId;
            var page = await browser.PressAsync(home, "#machine-run");
            Assert.Equal("success", page.Document.QuerySelector("#machine-result")?.ClassName);
        }

        // Server spans end after the response is written: poll with a generous deadline, not a fixed sleep.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!ServerSpanAt(traceId, stack.ResourceApi, "/api/data") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var trace = _stopped.Where(a => a.TraceId == traceId).ToList();
        var names = string.Join(", ", trace.Select(a => $"{a.Source.Name}:{a.DisplayName}"));
        Assert.True(trace.Any(a => a.Kind == ActivityKind.Server && Port(a) == stack.DemoClient.Port), names);
        Assert.True(ServerSpanAt(traceId, stack.AuthServer, "/connect/token"), names);
        Assert.True(ServerSpanAt(traceId, stack.ResourceApi, "/api/data"), names);
        Assert.True(trace.Any(a => a.OperationName == "oauthsuite.token.generate"), names);
        Assert.True(trace.Any(a => a.Kind == ActivityKind.Client && a.Source.Name == "System.Net.Http"), names);
    }

    private bool ServerSpanAt(ActivityTraceId traceId, Uri service, string path) => _stopped.Any(a =>
        a.TraceId == traceId && a.Kind == ActivityKind.Server && Port(a) == service.Port && (a.GetTagItem("url.path") as string) == path);

    private static int? Port(Activity activity) => activity.GetTagItem("server.port") switch
    {
        int port => port,
        string text when int.TryParse(text, out var port) => port,
        _ => null,
    };

    public void Dispose() => _listener.Dispose();
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EndToEnd.Tests;

/// <summary>The harness itself: real ports on 127.0.0.1, the issuer pinned to the AuthServer's URL, a seed per stack.</summary>
public sealed class StackTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private Stack Stack => fixture.Stack;

    [Fact]
    public async Task Stack_ServesEachServiceOnItsOwnLoopbackPort()
    {
        Uri[] services = [Stack.AuthServer, Stack.ResourceApi, Stack.DemoClient];
        Assert.All(services, uri => Assert.Equal("127.0.0.1", uri.Host));
        Assert.Equal(services.Length, services.Select(u => u.Port).Distinct().Count());

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(Stack.AuthServer, "health"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(Stack.ResourceApi, "health"))).StatusCode);
    }

    [Fact]
    public async Task Stack_PinsIssuerToAuthServerUrl()
    {
        using var http = new HttpClient { BaseAddress = Stack.AuthServer };

        var discovery = await http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");

        Assert.Equal(Stack.AuthServer.AbsoluteUri, discovery.GetProperty("issuer").GetString());
    }

    [Fact]
    public void Stack_SeedsDemoClientWithItsRealCallback()
    {
        var seed = File.ReadAllText(Stack.SeedPath);

        Assert.Contains($"\"{Stack.DemoClientCallback.AbsoluteUri}\"", seed, StringComparison.Ordinal);
        Assert.Contains($"\"{Stack.DemoClient.AbsoluteUri}\"", seed, StringComparison.Ordinal);
        Assert.DoesNotContain(SeedFile.DevelopmentOrigin, seed, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Stack.DataPath, "authserver.db")));
    }

    [Fact]
    public async Task Stack_DeletesItsTempFolder_WhenDisposed()
    {
        var stack = await Stack.StartAsync(new StackOptions(StartDemoClient: false));
        var root = Path.GetDirectoryName(stack.DataPath)!;
        Assert.True(Directory.Exists(root));

        await stack.DisposeAsync();

        Assert.False(Directory.Exists(root));
    }
}

using System.Text.RegularExpressions;

namespace AuthServer.Tests;

/// <summary>Every flow page: no referrer, no framing, no sniffing, nothing loaded from another origin (checklist R8, R9).</summary>
public sealed partial class PageHeaderTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Theory]
    [Trait("Security", "R8")]
    [Trait("Security", "R9")]
    [InlineData("/account/login")]
    [InlineData("/connect/authorize?client_id=nope")]
    [InlineData("/connect/endsession")]
    [InlineData("/")]
    public async Task FlowPages_SendProtectiveHeaders_AndLoadNothingFromElsewhere(string path)
    {
        using var client = factory.CreateOAuthClient();
        var response = await client.Http.GetAsync(path);

        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Empty(ExternalResource().Matches(html));
    }

    // src=, href= or action= pointing at another origin (scheme-relative included).
    [GeneratedRegex("""(?:src|href|action)\s*=\s*["'](?:https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalResource();
}

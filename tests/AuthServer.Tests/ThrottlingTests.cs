using System.Net;

namespace AuthServer.Tests;

/// <summary>C3: guessing is throttled per client IP (429 + Retry-After) and accounts lock out.</summary>
public sealed class ThrottlingTests
{
    [Fact]
    [Trait("Security", "C3")]
    public async Task Login_IsRateLimitedPerIp_With429AndRetryAfter()
    {
        using var factory = new AuthServerFactory().With("AuthServer:RateLimits:LoginPermits", "3");
        using var client = factory.CreateOAuthClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var page = await client.FollowAsync("/account/login");
            statuses.Add((await client.LoginAsync(page, "nobody", "Wrong123$")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
        var limited = await client.LoginAsync(await client.FollowAsync("/account/login"), Seed.User.Username, Seed.User.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    [Trait("Security", "C3")]
    public async Task Token_IsRateLimitedPerIp_With429AndRetryAfter()
    {
        using var factory = new AuthServerFactory().With("AuthServer:RateLimits:TokenPermits", "2");
        using var client = factory.CreateOAuthClient();

        await client.ClientCredentialsAsync();
        await client.ClientCredentialsAsync();
        var third = await client.ClientCredentialsAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.NotNull(third.Response.Headers.RetryAfter);
    }

    [Fact]
    [Trait("Security", "C3")]
    public async Task Login_LocksTheAccountAfterFiveFailures_WithoutRevealingTheUser()
    {
        using var factory = new AuthServerFactory();
        using var client = factory.CreateOAuthClient();

        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await client.LoginAsync(await client.FollowAsync("/account/login"), Seed.User.Username, "Wrong123$");
        }

        var (_, document) = await HtmlForm.ParseAsync(last);
        Assert.Contains("locked", document.QuerySelector("#login-error")!.TextContent, StringComparison.OrdinalIgnoreCase);

        // Even the right password is refused while locked out.
        var right = await client.LoginAsync(await client.FollowAsync("/account/login"), Seed.User.Username, Seed.User.Password);
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
    }
}

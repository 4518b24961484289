using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using AuthServer.Seeding;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth;

/// <summary>
/// The absolute limit on a chain of refresh tokens (RFC 9700 §4.14.2: refresh tokens may expire, however active
/// the client). OpenIddict gives each rotated refresh token a fresh lifetime (the idle limit, per client through
/// <c>tkn_lft:reft</c>) and has no absolute limit of its own; it only has all-or-nothing non-sliding expiry. So the
/// time of the sign-in rides along in the refresh tokens, and each new one is given at most the time that is left.
/// </summary>
internal static class RefreshTokenLimits
{
    /// <summary>Unix seconds of the code exchange that started the chain. Private: no destination, so no token shows it.</summary>
    public const string ChainStartClaim = "oauthsuite_chain_start";

    /// <summary>Stamps the chain's start on a code exchange, or carries it over and enforces the limit on a refresh.</summary>
    /// <returns>An error description when the chain has outlived its absolute limit; null otherwise.</returns>
    public static async Task<string?> ApplyAsync(
        ClaimsIdentity identity, ClaimsPrincipal redeemed, OpenIddictRequest request, IOpenIddictApplicationManager applications,
        AuthServerOptions settings, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var start = request.IsRefreshTokenGrantType()
            && long.TryParse(redeemed.GetClaim(ChainStartClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : now;
        identity.SetClaim(ChainStartClaim, start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

        var application = await applications.FindByClientIdAsync(request.ClientId!, ct);
        var clientSettings = application is null ? null : await applications.GetSettingsAsync(application, ct);
        var absolute = Setting(clientSettings, SeedTokenLifetimes.AbsoluteRefreshSetting) ?? settings.Tokens.RefreshTokenAbsolute;
        if (absolute is null)
        {
            return null;
        }

        var left = start + absolute.Value - now;
        if (left <= TimeSpan.Zero)
        {
            return "The sign-in has reached its absolute lifetime; sign in again.";
        }

        var idle = Setting(clientSettings, Settings.TokenLifetimes.RefreshToken) ?? settings.Tokens.RefreshToken;
        if (left < idle)
        {
            identity.SetRefreshTokenLifetime(left);
        }

        return null;
    }

    private static TimeSpan? Setting(ImmutableDictionary<string, string>? settings, string key) =>
        settings is not null && settings.TryGetValue(key, out var text)
            && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}

using System.Globalization;
using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Seeding;

/// <summary>
/// A client's own token lifetimes (<c>clients[i].tokenLifetimes</c>), overriding <c>AuthServer:Tokens</c>. The access
/// and refresh lifetimes are OpenIddict's per-client settings (<c>tkn_lft:act</c>, <c>tkn_lft:reft</c>); the
/// absolute refresh limit is ours (see <c>OAuth/RefreshTokenLimits</c>).
/// </summary>
/// <param name="RefreshToken">
/// The life of each refresh token. Every use returns a new one with a full lifetime (OpenIddict's sliding
/// expiration), so this is the idle limit: a client that stays away longer signs in again.
/// </param>
/// <param name="RefreshTokenAbsolute">How long a chain of refresh tokens may last from the sign-in, however active.</param>
public sealed record SeedTokenLifetimes(string Path, TimeSpan? AccessToken, TimeSpan? RefreshToken, TimeSpan? RefreshTokenAbsolute)
{
    public const string AbsoluteRefreshSetting = "oauthsuite:refresh_absolute";

    private const string Format = "c";

    // The same bounds as AuthServer:Tokens.
    private static readonly (TimeSpan Min, TimeSpan Max) AccessRange = (TimeSpan.FromSeconds(10), TimeSpan.FromDays(1));
    private static readonly (TimeSpan Min, TimeSpan Max) RefreshRange = (TimeSpan.FromMinutes(1), TimeSpan.FromDays(90));
    private static readonly (TimeSpan Min, TimeSpan Max) AbsoluteRange = (TimeSpan.FromMinutes(1), TimeSpan.FromDays(365));

    internal static SeedTokenLifetimes? Read(SeedJson reader, JsonElement client, string clientPath)
    {
        if (!client.TryGetProperty("tokenLifetimes", out var element))
        {
            return null;
        }

        var path = $"{clientPath}.tokenLifetimes";
        if (!reader.Object(element, path, "accessToken", "refreshToken", "refreshTokenAbsolute"))
        {
            return null;
        }

        return new SeedTokenLifetimes(path, Duration("accessToken"), Duration("refreshToken"), Duration("refreshTokenAbsolute"));

        TimeSpan? Duration(string name)
        {
            var text = reader.String(element, path, name);
            if (text is null)
            {
                return null;
            }

            if (TimeSpan.TryParseExact(text, Format, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            reader.Error($"{path}.{name}", $"{SeedJson.Quote(text)} is not a duration; write [days.]hours:minutes:seconds, e.g. 00:15:00 or 30.00:00:00");
            return null;
        }
    }

    internal static IEnumerable<string> Validate(SeedClient client)
    {
        if (client.Lifetimes is not { } lifetimes)
        {
            yield break;
        }

        var path = lifetimes.Path;
        foreach (var error in InRange(lifetimes.AccessToken, AccessRange, $"{path}.accessToken")
            .Concat(InRange(lifetimes.RefreshToken, RefreshRange, $"{path}.refreshToken"))
            .Concat(InRange(lifetimes.RefreshTokenAbsolute, AbsoluteRange, $"{path}.refreshTokenAbsolute")))
        {
            yield return error;
        }

        if ((lifetimes.RefreshToken ?? lifetimes.RefreshTokenAbsolute) is not null && !client.GrantTypes.Contains(SeedValidator.RefreshToken))
        {
            var name = lifetimes.RefreshToken is not null ? "refreshToken" : "refreshTokenAbsolute";
            yield return $"{path}.{name}: the client has no refresh_token grant, so it never gets a refresh token";
        }

        if (lifetimes is { RefreshToken: { } idle, RefreshTokenAbsolute: { } absolute } && absolute < idle)
        {
            yield return $"{path}.refreshTokenAbsolute: {absolute.ToString(Format, CultureInfo.InvariantCulture)} is shorter than refreshToken ({idle.ToString(Format, CultureInfo.InvariantCulture)}); the absolute limit must be at least the idle one";
        }
    }

    /// <summary>The settings OpenIddict keeps on the application; absent values fall back to the server's.</summary>
    internal void CopyTo(Dictionary<string, string> settings)
    {
        Set(Settings.TokenLifetimes.AccessToken, AccessToken);
        Set(Settings.TokenLifetimes.RefreshToken, RefreshToken);
        Set(AbsoluteRefreshSetting, RefreshTokenAbsolute);

        void Set(string key, TimeSpan? value)
        {
            if (value is { } lifetime)
            {
                settings[key] = lifetime.ToString(Format, CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>The setting keys the seed file owns; others on a stored client are left alone.</summary>
    internal static readonly string[] SettingKeys = [Settings.TokenLifetimes.AccessToken, Settings.TokenLifetimes.RefreshToken, AbsoluteRefreshSetting];

    private static IEnumerable<string> InRange(TimeSpan? value, (TimeSpan Min, TimeSpan Max) range, string path)
    {
        if (value is { } lifetime && (lifetime < range.Min || lifetime > range.Max))
        {
            yield return $"{path}: {lifetime.ToString(Format, CultureInfo.InvariantCulture)} is outside {range.Min.ToString(Format, CultureInfo.InvariantCulture)} to {range.Max.ToString(Format, CultureInfo.InvariantCulture)}";
        }
    }
}

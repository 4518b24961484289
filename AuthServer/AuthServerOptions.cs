using System.ComponentModel.DataAnnotations;

namespace AuthServer;

/// <summary>
/// Settings under <c>AuthServer:</c> that several features read (the issuer, the data folder, token lifetimes, the
/// operator's explicit allowances). Every one has a safe default for local development. Bound and validated once at
/// start; features with settings of their own keep them beside the feature (<c>Keys/KeyOptions</c>, ...).
/// </summary>
public sealed class AuthServerOptions
{
    public const string Section = "AuthServer";

    /// <summary>
    /// Pins the issuer. Without it OpenIddict derives the issuer from the request host, so tokens fetched through
    /// 127.0.0.1 and localhost would disagree with the API's configured authority.
    /// </summary>
    public Uri? Issuer { get; set; }

    /// <summary>Folder for the SQLite database and the Data Protection key ring, relative to the content root.</summary>
    [Required]
    public string DataPath { get; set; } = "data";

    public TokenLifetimes Tokens { get; set; } = new();

    /// <summary>Allows plain HTTP off loopback outside Development, e.g. behind a TLS-terminating proxy (see <c>Hardening/TransportSecurity</c>).</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Allows the seed file's default secrets and passwords outside Development (see <c>Hardening/ProductionChecks</c>).</summary>
    public bool AllowDemoSecrets { get; set; }

    /// <summary>The absolute data folder (database, Data Protection keys), created if missing.</summary>
    public string DataFolder(IHostEnvironment environment)
    {
        var folder = Path.GetFullPath(DataPath, environment.ContentRootPath);
        Directory.CreateDirectory(folder);
        return folder;
    }
}

/// <summary>Short by default: a stolen access token is useful for minutes, a code for one.</summary>
public sealed class TokenLifetimes
{
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan AccessToken { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan IdentityToken { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>RFC 9700 §4.2.1 asks for short-lived codes; about a minute is enough for a redirect round trip.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:10:00")]
    public TimeSpan AuthorizationCode { get; set; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan RefreshToken { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// How long a just-rotated refresh token may be presented again without counting as reuse; each such retry gets
    /// a second new pair in the same family. Zero: any second use revokes the token's family, that one sign-in
    /// (RFC 9700 §4.14.2), and the client that lost the response signs the user in again on that device.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.Zero;
}

public static class AuthServerOptionsExtensions
{
    /// <summary>Binds <see cref="AuthServerOptions"/> once; a violated range stops the start naming its key.</summary>
    public static WebApplicationBuilder AddAuthServerOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthServerOptions>().BindConfiguration(AuthServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}

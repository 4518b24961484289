using System.ComponentModel.DataAnnotations;

namespace AuthServer.Cors;

/// <summary>Settings under <c>AuthServer:Cors</c>. Which origins are allowed is not one of them: that is each client's <c>allowedOrigins</c>.</summary>
public sealed class CrossOriginOptions
{
    public const string Section = "AuthServer:Cors";

    /// <summary>
    /// How long a browser may reuse a preflight answer (<c>Access-Control-Max-Age</c>). Chromium caps it at two
    /// hours. A removed origin loses access at once anyway: the actual response no longer names it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromHours(1);
}

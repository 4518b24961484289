using System.ComponentModel.DataAnnotations;

namespace AuthServer.Hardening;

/// <summary>Settings under <c>AuthServer:RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "AuthServer:RateLimits";

    /// <summary>Sign-in attempts per IP per window. Lockout protects each account; this protects the form.</summary>
    [Range(1, int.MaxValue)]
    public int LoginPermits { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Token, introspection and revocation requests per IP per window; generous for real services.</summary>
    [Range(1, int.MaxValue)]
    public int TokenPermits { get; set; } = 1200;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TokenWindow { get; set; } = TimeSpan.FromSeconds(10);
}

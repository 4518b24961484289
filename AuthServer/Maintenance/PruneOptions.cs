using System.ComponentModel.DataAnnotations;

namespace AuthServer.Maintenance;

/// <summary>Settings under <c>AuthServer:Pruning</c>: removing expired tokens and authorizations in the background.</summary>
public sealed class PruneOptions
{
    public const string Section = "AuthServer:Pruning";

    public bool Enabled { get; set; } = true;

    /// <summary>Time between two runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Delay before the first run, so pruning never competes with startup (and a restart loop never prunes in a loop).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FirstRunDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Only entries older than this are pruned, whatever their state. At least the refresh-token lifetime (14 days by
    /// default): a redeemed refresh token must stay in the database while it could still be replayed, or the replay
    /// would no longer revoke its family (reuse detection, RFC 9700 §4.14.2).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromDays(14);
}

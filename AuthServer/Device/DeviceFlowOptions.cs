using System.ComponentModel.DataAnnotations;

namespace AuthServer.Device;

/// <summary>Settings under <c>AuthServer:Device</c>: the device authorization grant (RFC 8628).</summary>
public sealed class DeviceFlowOptions
{
    public const string Section = "AuthServer:Device";

    /// <summary>How long the device code and its user code stay usable (RFC 8628 §3.2 <c>expires_in</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:30", "00:30:00")]
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The <c>interval</c> announced to devices; polling faster gets <c>slow_down</c> (RFC 8628 §3.5). 5 s is the RFC's default.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Wrong codes one signed-in user may enter before code entry is locked for <see cref="LockoutDuration"/>.</summary>
    [Range(1, 100)]
    public int MaxFailedCodeEntries { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}

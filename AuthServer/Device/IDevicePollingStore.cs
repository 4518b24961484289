namespace AuthServer.Device;

/// <summary>What a poll of a pending device code found: too early or not, and the interval the device must now keep.</summary>
public readonly record struct PollVerdict(bool TooFast, TimeSpan Interval);

/// <summary>
/// When each pending device code was last polled, and its current interval (RFC 8628 §3.5). Behind an interface so
/// that several AuthServer nodes can share it (a database table) instead of each keeping its own memory.
/// </summary>
public interface IDevicePollingStore
{
    /// <summary>
    /// Records a poll of the device code identified by <paramref name="key"/> (a hash, never the code itself) at
    /// <paramref name="now"/>. A poll sooner than the current interval after the previous one is too fast, and
    /// adds 5 seconds to the interval for this and every later poll.
    /// </summary>
    ValueTask<PollVerdict> RecordPollAsync(string key, DateTimeOffset now, TimeSpan initialInterval, DateTimeOffset forgetAfter, CancellationToken cancellationToken);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AuthServer.Device;

/// <summary>
/// Counts wrong user codes per signed-in user (RFC 8628 §5.1: user codes are short, so guessing must be limited).
/// After <see cref="DeviceFlowOptions.MaxFailedCodeEntries"/> failures within the lockout window, code entry is
/// refused for that user until the window passes; a correct code does not reset the count, so an attacker cannot
/// interleave codes of their own. The per-IP rate limit (RateLimits) covers guessing spread over many accounts.
/// </summary>
internal sealed class DeviceCodeEntryGuard(TimeProvider clock, IOptions<DeviceFlowOptions> options)
{
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>When code entry opens again for this user, or null if it is open.</summary>
    public DateTimeOffset? LockedUntil(string userId)
    {
        var now = clock.GetUtcNow();
        if (!_failures.TryGetValue(userId, out var failures))
        {
            return null;
        }

        lock (failures)
        {
            return failures.Count >= options.Value.MaxFailedCodeEntries && failures.WindowEnds > now ? failures.WindowEnds : null;
        }
    }

    /// <summary>Counts a wrong code; returns how many attempts are left before the lock.</summary>
    public int RecordFailure(string userId)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        var failures = _failures.GetOrAdd(userId, _ => new Failures());
        lock (failures)
        {
            if (failures.WindowEnds <= now)
            {
                failures.Count = 0;
            }

            failures.Count++;
            failures.WindowEnds = now + settings.LockoutDuration;
            return Math.Max(0, settings.MaxFailedCodeEntries - failures.Count);
        }
    }

    private sealed class Failures
    {
        public int Count { get; set; }

        public DateTimeOffset WindowEnds { get; set; }
    }
}

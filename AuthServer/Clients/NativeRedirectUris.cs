namespace AuthServer.Clients;

/// <summary>
/// The redirect URI forms of native apps (RFC 8252 §7). Everything else is matched by exact string (docs/security-checklist.md R1).
/// </summary>
public static class NativeRedirectUris
{
    // RFC 8252 §7.3 names exactly these two; §8.3 says not to rely on "localhost", which a hosts file, a resolver or a
    // firewall can send elsewhere.
    private static readonly string[] LoopbackPrefixes = ["http://127.0.0.1", "http://[::1]"];

    /// <summary>
    /// A redirect URI registered as <c>http://127.0.0.1/path</c> or <c>http://[::1]/path</c>: no port, so the app may
    /// listen on whatever port the operating system gives it at request time (RFC 8252 §7.3).
    /// </summary>
    public static bool IsPortlessLoopback(string registered) => PortlessPrefix(registered) is not null;

    /// <summary>
    /// True when <paramref name="requested"/> is <paramref name="registered"/> (a port-less loopback URI) with a port
    /// added and nothing else changed: the scheme, host, path and query compare as exact strings.
    /// </summary>
    public static bool MatchesWithAnyPort(string registered, string requested)
    {
        if (PortlessPrefix(registered) is not { } prefix
            || !requested.StartsWith(prefix + ":", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = requested.AsSpan(prefix.Length + 1);
        var digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
        {
            digits++;
        }

        // One spelling per port: no leading zero, no empty port, nothing beyond 65535.
        return digits is >= 1 and <= 5
            && rest[0] != '0'
            && int.Parse(rest[..digits], provider: System.Globalization.CultureInfo.InvariantCulture) <= ushort.MaxValue
            && rest[digits..].SequenceEqual(registered.AsSpan(prefix.Length));
    }

    private static string? PortlessPrefix(string uri)
    {
        foreach (var prefix in LoopbackPrefixes)
        {
            if (uri.StartsWith(prefix, StringComparison.Ordinal) && (uri.Length == prefix.Length || uri[prefix.Length] is '/' or '?'))
            {
                return prefix;
            }
        }

        return null;
    }
}

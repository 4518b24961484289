using System.Net;
using System.Net.Sockets;

namespace OAuthSuite.Testing;

/// <summary>
/// Loopback ports nobody listens on right now, chosen by the OS (port 0). Ports are chosen before a service starts
/// because its URL is configuration of another (issuer, redirect URI); all listeners are held until every port is
/// chosen so the same port is never handed out twice.
/// </summary>
public static class FreePorts
{
    public static int Next() => Take(1)[0];

    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}

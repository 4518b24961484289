using System.Net;
using AuthServer.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AuthServer.Tests.Operations;

/// <summary>Issue 15: /health/live says the process answers; /health/ready (and its alias /health) says the node can serve.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Health_LiveAndReady_Answer200_OnAStartedServer()
    {
        using var factory = new AuthServerFactory();
        using var http = factory.CreateClient();

        foreach (var path in new[] { "/health/live", "/health/ready", "/health" })
        {
            var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Health_Ready_Answers503_WhenTheDatabaseCannotBeRead_WhileLiveStays200()
    {
        using var factory = new AuthServerFactory();
        using var http = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        // The disk under the node goes bad: the file no longer holds a database.
        SqliteConnection.ClearAllPools();
        var database = Path.Combine(factory.DataPath, "authserver.db");
        foreach (var sidecar in new[] { database + "-wal", database + "-shm" })
        {
            File.Delete(sidecar);
        }

        File.WriteAllBytes(database, [.. Enumerable.Repeat((byte)0x5A, 8192)]);

        var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
    }
}

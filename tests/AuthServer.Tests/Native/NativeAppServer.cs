using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Native;

/// <summary>
/// One AuthServer for the native-app tests: the shipped seed (demo-native registers http://127.0.0.1/callback)
/// plus a public client with an IPv6 loopback URI that has a query, and a private-use scheme URI.
/// </summary>
public sealed class NativeAppServer : IDisposable
{
    public const string NativeTest = "native-test";
    public const string Ipv6WithQuery = "http://[::1]/native?app=desktop";
    public const string PrivateUse = "com.example.app:/oauth/callback";

    private readonly string _folder = Directory.CreateTempSubdirectory("native-seed-").FullName;

    public NativeAppServer()
    {
        Factory = AuthServerFactory.Create(dataPath: null, TestSeed.WriteWith(_folder, TestSeed.PublicClient(NativeTest, Ipv6WithQuery, PrivateUse)));
    }

    public AuthServerFactory Factory { get; }

    public void Dispose()
    {
        Factory.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

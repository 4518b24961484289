
namespace AuthServer.Tests;

/// <summary>S3: outside Development the server refuses insecure settings unless each is explicitly allowed, naming it.</summary>
public sealed class ProductionSettingsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("prod-check-").FullName;

    [Fact]
    [Trait("Security", "S3")]
    public async Task Production_RefusesHttpIssuerOffLoopbackAndDemoSecrets_NamingEachSetting()
    {
        var (exitCode, _, error) = await ServiceProcess.RunAsync("AuthServer", Environment(new()
        {
            ["AuthServer__Issuer"] = "http://auth.example.com/",
        }));

        Assert.Equal(1, exitCode);
        Assert.Contains("AuthServer:Issuer is plain http", error, StringComparison.Ordinal);
        Assert.Contains("AuthServer:AllowInsecureHttp", error, StringComparison.Ordinal);
        foreach (var variable in new[] { "DEMO_CLIENT_SECRET", "DEMO_SERVICE_SECRET", "ALICE_PASSWORD" })
        {
            Assert.Contains($"set the environment variable {variable}", error, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(_data, "authserver.db")) && new FileInfo(Path.Combine(_data, "authserver.db")).Length > 0,
            "nothing should be migrated before the checks pass");
    }

    [Fact]
    [Trait("Security", "S3")]
    public async Task Production_RefusesToStart_WithoutAnIssuer()
    {
        var (exitCode, _, error) = await ServiceProcess.RunAsync("AuthServer", Environment(new() { ["AuthServer__Issuer"] = string.Empty, ["AuthServer__AllowDemoSecrets"] = "true" }));

        Assert.Equal(1, exitCode);
        Assert.Contains("AuthServer:Issuer must be set", error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Security", "S3")]
    public async Task Production_Starts_WithHttpsIssuerAndRealSecrets_OrWithExplicitAllowances()
    {
        await using (var secure = ServiceProcess.Start("AuthServer", Environment(new()
        {
            ["AuthServer__Issuer"] = "https://auth.example.com/",
            ["DEMO_CLIENT_SECRET"] = "a-real-secret-1",
            ["DEMO_SERVICE_SECRET"] = "a-real-secret-2",
            ["ALICE_PASSWORD"] = "A-real-Passw0rd!",
        })))
        {
            await secure.WaitForOutputAsync("Application started");
        }

        await using var allowed = ServiceProcess.Start("AuthServer", Environment(new()
        {
            ["AuthServer__Issuer"] = "http://auth.internal/",
            ["AuthServer__AllowInsecureHttp"] = "true",
            ["AuthServer__AllowDemoSecrets"] = "true",
        }));
        await allowed.WaitForOutputAsync("Application started");
    }

    private Dictionary<string, string> Environment(Dictionary<string, string> settings)
    {
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        settings["AuthServer__DataPath"] = _data;
        settings["Seed__Path"] = RepoPaths.SeedFile;
        settings["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        return settings;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AuthServer.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AuthServer.Tests.Operations;

/// <summary>
/// Issue 15: an operator's mistake at start (damaged or read-only data, a wrong setting, a bad seed, a busy port) is
/// one message on stderr that names the file or setting and says what to do, exit code 1, and no stack trace
/// anywhere in the output (the host's own "Hosting failed to start" log included). Each case starts the real process.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StartupErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("startup-errors-").FullName;

    private string Data => Path.Combine(_folder, "data");

    private string Database => Path.Combine(Data, "authserver.db");

    [Fact]
    public async Task Start_ExplainsCorruptedDatabaseHeader_AndPointsAtABackup()
    {
        Directory.CreateDirectory(Data);
        File.WriteAllBytes(Database, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);

        var error = await FailedStartAsync(Environment());

        Assert.Contains($"The database file {Database} is not a SQLite database", error, StringComparison.Ordinal);
        Assert.Contains("Restore it from a backup", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ExplainsDamagedPages_AndPointsAtABackup()
    {
        Directory.CreateDirectory(Data);
        CreateDatabase(Database);

        // Keep the 100-byte file header, overwrite the rest of page 1 (the schema's b-tree) with garbage.
        using (var file = new FileStream(Database, FileMode.Open, FileAccess.Write))
        {
            file.Position = 100;
            file.Write([.. Enumerable.Repeat((byte)0x5A, 3996)]);
        }

        var error = await FailedStartAsync(Environment());

        Assert.Contains($"The database file {Database} is damaged (SQLite error 11", error, StringComparison.Ordinal);
        Assert.Contains("Restore it from a backup", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_ExplainsReadOnlyDataFolder_WithOrWithoutDatabase(bool existingDatabase)
    {
        Directory.CreateDirectory(Data);
        if (existingDatabase)
        {
            CreateDatabase(Database);
        }

        // The keys folder exists already, so the database is the first thing written.
        Directory.CreateDirectory(Path.Combine(Data, "keys"));
        File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var path in new[] { Data, Path.Combine(Data, "keys") })
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        if (existingDatabase)
        {
            File.SetUnixFileMode(Database, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var (exitCode, output, error) = await RunWithoutWritePermissionAsync(_folder, Environment());

        Assert.True(exitCode == 1, $"exit {exitCode}: {output} {error}");
        Assert.Contains($"AuthServer cannot open {Database} for writing (SQLite error {(existingDatabase ? 8 : 14)}", error, StringComparison.Ordinal);
        Assert.Contains($"its folder {Data} must be writable", error, StringComparison.Ordinal);
        AssertNoStackTrace(output + error);
    }

    [Fact]
    public async Task Start_ExplainsPostgreSqlConnectionString_NamingTheSetting()
    {
        var environment = Environment();
        environment["ConnectionStrings__AuthServer"] = "Host=db.internal;Database=auth;Username=auth;Password=not-logged";

        var error = await FailedStartAsync(environment);

        Assert.Contains("ConnectionStrings:AuthServer is not a SQLite connection string", error, StringComparison.Ordinal);
        Assert.Contains("Data Source=", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-logged", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ExplainsMissingSeedFile_NamingIt()
    {
        var environment = Environment();
        var missing = Path.Combine(_folder, "nowhere.json");
        environment["Seed__Path"] = missing;

        var error = await FailedStartAsync(environment);

        Assert.Contains($"{missing}: the seed file does not exist (set Seed:Path)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ExplainsInvalidSeedFile_WithoutTheHostLoggingAStackTrace()
    {
        var environment = Environment();
        var broken = Path.Combine(_folder, "broken.json");
        File.WriteAllText(broken, """{ "clients": [ { "clientId": "x", "grantTypes": ["implicit"] } ] }""");
        environment["Seed__Path"] = broken;

        var error = await FailedStartAsync(environment);

        Assert.Contains($"Invalid seed file {broken}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ExplainsPortInUse_NamingTheSetting()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var environment = Environment();
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var error = await FailedStartAsync(environment);

        Assert.Contains("AuthServer cannot listen", error, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_URLS", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PrintsTheStackTrace_WhenDebugLoggingAsksForIt()
    {
        Directory.CreateDirectory(Data);
        File.WriteAllText(Database, new string('x', 4096));
        var environment = Environment();
        environment["Logging__LogLevel__Default"] = "Debug";

        var (exitCode, _, error) = await ServiceProcess.RunAsync("AuthServer", environment, timeout: TimeSpan.FromSeconds(120));

        Assert.Equal(1, exitCode);
        Assert.Contains("is not a SQLite database", error, StringComparison.Ordinal);
        Assert.Contains("   at ", error, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["AuthServer__DataPath"] = Data,
        ["Seed__Path"] = RepoPaths.SeedFile,
    };

    private static async Task<string> FailedStartAsync(Dictionary<string, string> environment)
    {
        var (exitCode, output, error) = await ServiceProcess.RunAsync("AuthServer", environment, timeout: TimeSpan.FromSeconds(120));
        Assert.True(exitCode == 1, $"exit {exitCode}: {output} {error}");
        AssertNoStackTrace(output + error);
        Assert.DoesNotContain("Unhandled exception", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", output + error, StringComparison.Ordinal);
        return error;
    }

    private static void AssertNoStackTrace(string text) => Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);

    private static void CreateDatabase(string path)
    {
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes(text) VALUES ('a'), ('b');";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// The AuthServer as a user without write permission on the data folder. Root ignores file modes, so when the tests
    /// run as root the process drops to "nobody" through setpriv (util-linux); otherwise the folder's mode is enough.
    /// </summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunWithoutWritePermissionAsync(string folder, Dictionary<string, string> environment)
    {
        if (System.Environment.UserName != "root")
        {
            return await ServiceProcess.RunAsync("AuthServer", environment, timeout: TimeSpan.FromSeconds(120));
        }

        // "nobody" may not be able to enter the checkout (a clone under a 0700 temp folder), so it runs a copy of the
        // build output and of the seed file placed in the test's own world-readable folder.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var app = Path.Combine(folder, "app");
        CopyReadable(Path.Combine(RepoPaths.Root, "AuthServer", "bin", configuration, "net10.0"), app);
        var seed = Path.Combine(folder, "seed-clients.json");
        File.Copy(environment["Seed__Path"], seed, overwrite: true);
        File.SetUnixFileMode(seed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        environment["Seed__Path"] = seed;
        var start = new ProcessStartInfo("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", "dotnet", Path.Combine(app, "AuthServer.dll")])
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    private static void CopyReadable(string source, string target)
    {
        const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(target);
        File.SetUnixFileMode(target, Folder);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var copy = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, copy, overwrite: true);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            CopyReadable(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var directory in Directory.EnumerateDirectories(_folder, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

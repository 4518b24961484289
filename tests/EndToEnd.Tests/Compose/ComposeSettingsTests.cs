
namespace EndToEnd.Tests.Compose;

/// <summary>
/// docker-compose.yml cannot be run here (no container engine), so this runs the three services as processes with
/// the environment the compose file gives each, translating only what a container network changes: service names
/// and published ports become loopback ports, volume paths become temp paths. The headless walk then proves the
/// settings work together — issuer for the browser, internal metadata addresses for the API and the demo.
/// </summary>
public sealed class ComposeSettingsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("oauthsuite-compose-").FullName;

    [Fact]
    public async Task ComposeSettings_RunTheWholeFlow_WhenTheServicesRunDirectly()
    {
        var compose = ComposeFile.Load(Path.Combine(RepoPaths.Root, "docker-compose.yml"));
        Assert.Equal(["authserver", "democlient", "resourceapi"], compose.Services.Keys.Order());
        var ports = FreePorts.Take(compose.Services.Count);
        var loopback = compose.Services.Keys.Order().Zip(ports).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);

        var projects = new Dictionary<string, string> { ["authserver"] = "AuthServer", ["resourceapi"] = "ResourceApi", ["democlient"] = "DemoClient" };
        var processes = new List<ServiceProcess>();
        try
        {
            foreach (var name in new[] { "authserver", "resourceapi", "democlient" })
            {
                var environment = Translate(compose, name, loopback);
                environment["ASPNETCORE_URLS"] = $"http://localhost:{loopback[name]}";
                var process = ServiceProcess.Start(projects[name], environment);
                processes.Add(process);
                await process.WaitForOutputAsync("Application started");
            }

            var walk = Translate(compose, "democlient", loopback);
            var (exitCode, output, error) = await ServiceProcess.RunAsync("DemoClient", walk, "walk");

            Assert.True(exitCode == 0, $"the walk failed ({exitCode}):\n{output}\n{error}");
            Assert.Contains($"localhost:{loopback["authserver"]}", output, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>The compose environment of one service, with container addresses mapped onto this machine.</summary>
    private Dictionary<string, string> Translate(ComposeFile compose, string service, Dictionary<string, int> loopback)
    {
        var replacements = compose.Services.SelectMany(s => new[]
        {
            ($"localhost:{s.Value.Port.Host}", $"localhost:{loopback[s.Key]}"),
            ($"{s.Key}:{s.Value.Port.Container}", $"localhost:{loopback[s.Key]}"),
        }).ToList();

        var environment = compose.Services[service].Environment.ToDictionary(
            e => e.Key, e => replacements.Aggregate(e.Value, (value, r) => value.Replace(r.Item1, r.Item2, StringComparison.Ordinal)), StringComparer.Ordinal);

        foreach (var volume in compose.Services[service].Volumes)
        {
            var parts = volume.Split(':');
            var (source, target) = (parts[0], parts[1]);
            var local = source.StartsWith("./", StringComparison.Ordinal)
                ? CopyTranslated(Path.Combine(RepoPaths.Root, source[2..]), replacements)
                : Directory.CreateDirectory(Path.Combine(_root, source)).FullName;
            foreach (var key in environment.Keys.Where(k => environment[k] == target || environment[k].StartsWith(target + "/", StringComparison.Ordinal)).ToList())
            {
                environment[key] = local + environment[key][target.Length..];
            }
        }

        return environment;
    }

    // A mounted file (the seed) gets the same address translation: its redirect URIs name the published ports.
    private string CopyTranslated(string file, List<(string From, string To)> replacements)
    {
        var copy = Path.Combine(_root, Path.GetFileName(file));
        File.WriteAllText(copy, replacements.Aggregate(File.ReadAllText(file), (text, r) => text.Replace(r.From, r.To, StringComparison.Ordinal)));
        return copy;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

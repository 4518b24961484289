using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace EndToEnd.Tests.Compose;

/// <summary>
/// The repository's docker-compose.yml, read as data: each service's environment, published port and volumes. There
/// is no container engine here, so tests run the services as processes with exactly these settings, translated from
/// container addresses to loopback ones.
/// </summary>
public sealed partial class ComposeFile
{
    private ComposeFile(Dictionary<string, ComposeService> services) => Services = services;

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public static ComposeFile Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var services = new Dictionary<string, ComposeService>(StringComparer.Ordinal);
        foreach (var (name, node) in ((YamlMappingNode)root["services"]).Children)
        {
            var service = (YamlMappingNode)node;
            services[((YamlScalarNode)name).Value!] = new ComposeService(
                Scalars(service, "environment") is var env && env.Count > 0 ? env : [],
                Sequence(service, "ports").Select(ParsePort).First(),
                Sequence(service, "volumes").ToList());
        }

        return new ComposeFile(services);
    }

    private static Dictionary<string, string> Scalars(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var child) && child is YamlMappingNode map
            ? map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? string.Empty, StringComparer.Ordinal)
            : [];

    private static IEnumerable<string> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var child) && child is YamlSequenceNode sequence
            ? sequence.Children.Select(c => ((YamlScalarNode)c).Value!)
            : [];

    // "127.0.0.1:5100:8080" → (host 5100, container 8080)
    private static (int Host, int Container) ParsePort(string mapping)
    {
        var match = PortMapping().Match(mapping);
        return (int.Parse(match.Groups["host"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups["container"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"(?:[\d.]+:)?(?<host>\d+):(?<container>\d+)$")]
    private static partial Regex PortMapping();
}

/// <summary>One compose service: its environment, its published port, and its volume mounts (<c>source:target[:ro]</c>).</summary>
public sealed record ComposeService(Dictionary<string, string> Environment, (int Host, int Container) Port, List<string> Volumes);

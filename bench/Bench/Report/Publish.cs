using Bench.Cases;
using Bench.Hosting;

namespace Bench.Report;

/// <summary><c>--publish</c>: copies this run's table, JSON and chart to <c>docs/bench/</c>, which the README shows.</summary>
internal static class Publish
{
    public static async Task ToDocsAsync(string resultsFolder, TextWriter console)
    {
        var docs = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "docs", "bench")).FullName;
        foreach (var file in new[] { "results.md", "results.json", Suite.ChartFile })
        {
            var source = Path.Combine(resultsFolder, file);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(docs, file), overwrite: true);
            }
        }

        await console.WriteLineAsync($"Copied to {docs}");
    }
}

using System.Diagnostics;

namespace Bench.Hosting;

/// <summary>
/// Publishes the AuthServer with ReadyToRun (precompiled native code for every assembly, NuGet packages included) to a
/// temp folder, to measure what it does to startup and memory. Needs the Crossgen2 pack, which restore fetches.
/// </summary>
internal static class ReadyToRunPublish
{
    public static async Task<string?> PublishAsync(string project, string outputFolder, TextWriter log, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "publish", Path.Combine(RepoPaths.ProjectFolder(project), project + ".csproj"), "-c", "Release", "-r", "linux-x64",
            "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", outputFolder, "-nologo", "-v", "quiet",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            await log.WriteLineAsync($"ReadyToRun publish failed ({process.ExitCode}); skipping that variant.{Environment.NewLine}{await output}{await error}");
            return null;
        }

        return Path.Combine(outputFolder, project + ".dll");
    }
}

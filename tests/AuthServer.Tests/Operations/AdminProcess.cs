using System.Diagnostics;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Operations;

/// <summary>
/// One admin verb of the built AuthServer as a real process, with text on its stdin (how passwords reach
/// <c>users add</c> and <c>users set-password</c>); <see cref="ServiceProcess"/> has no stdin.
/// </summary>
public static class AdminProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string dataPath, string arguments, string? input = null)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepoPaths.Root, "AuthServer", "bin", configuration, "net10.0", "AuthServer.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
        {
            WorkingDirectory = Path.Combine(RepoPaths.Root, "AuthServer"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["AuthServer__DataPath"] = dataPath;
        start.Environment["Seed__Path"] = RepoPaths.SeedFile;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`AuthServer {arguments}` did not exit within 120 s: {await output} {await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}

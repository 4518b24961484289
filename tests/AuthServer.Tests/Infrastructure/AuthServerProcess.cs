using System.Diagnostics;

namespace AuthServer.Tests.Infrastructure;

/// <summary>
/// Runs the built AuthServer as a real process — for what only a process shows: its exit code and what it prints
/// when it refuses to start, and the admin verbs (<c>seed</c>, <c>keys rotate</c>).
/// </summary>
public static class AuthServerProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IDictionary<string, string> environment, string arguments = "", TimeSpan? timeout = null, string? stopWhenOutputContains = null)
    {
        // The AuthServer's own build output, in the same configuration as these tests.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var folder = Path.Combine(RepoPaths.Root, "AuthServer", "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(folder, "AuthServer.dll")}\" {arguments}")
        {
            WorkingDirectory = Path.Combine(RepoPaths.Root, "AuthServer"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var started = new TaskCompletionSource();
        process.OutputDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }

            if (stopWhenOutputContains is not null && line.Data?.Contains(stopWhenOutputContains, StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            // A server that is expected to keep running is stopped once it printed the awaited line.
            await Task.WhenAny(process.WaitForExitAsync(cancel.Token), started.Task.WaitAsync(cancel.Token));
            cancel.Token.ThrowIfCancellationRequested();
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"AuthServer {arguments} did not exit; output: {output} {await error}");
        }

        var errorText = await error;
        lock (output)
        {
            return (process.ExitCode, output.ToString(), errorText);
        }
    }
}

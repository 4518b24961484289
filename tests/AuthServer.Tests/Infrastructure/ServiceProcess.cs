using System.Diagnostics;
using System.Text;

namespace AuthServer.Tests.Infrastructure;

/// <summary>
/// One of the services (AuthServer, ResourceApi, DemoClient) running as a real process from its build output, in
/// the same configuration as these tests: for exit codes, admin verbs, and settings given as environment variables.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task<string> _error;

    private ServiceProcess(string project, IDictionary<string, string> environment, string arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepoPaths.Root, project, "bin", configuration, "net10.0", project + ".dll");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
        {
            WorkingDirectory = Path.Combine(RepoPaths.Root, project),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) =>
        {
            lock (_output)
            {
                _output.AppendLine(line.Data);
            }
        };
        _process.BeginOutputReadLine();
        _error = _process.StandardError.ReadToEndAsync();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ServiceProcess Start(string project, IDictionary<string, string> environment, string arguments = "") =>
        new(project, environment, arguments);

    /// <summary>Runs to completion (an admin verb, or a server expected to refuse to start).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string project, IDictionary<string, string> environment, string arguments = "", TimeSpan? timeout = null)
    {
        await using var process = Start(project, environment, arguments);
        var exitCode = await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return (exitCode, process.Output, await process._error);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the process did not exit within {timeout}; output: {Output}");
        }
    }

    /// <summary>Waits until the service prints a line containing <paramref name="text"/> (e.g. "Application started").</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the process exited ({_process.ExitCode}) before printing '{text}': {Output} {await _error}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' not printed within {timeout}: {Output}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

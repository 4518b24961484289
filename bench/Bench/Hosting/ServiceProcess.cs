using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Bench.Hosting;

/// <summary>
/// One service (AuthServer or ResourceApi) as a real <c>dotnet &lt;dll&gt;</c> process on a loopback port, as it runs in
/// production: its own runtime settings, its own GC and memory, nothing of the runner's in it. Output goes to a log
/// file so a full pipe can never stall it; the log is searched afterwards for "database is locked".
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    // Services still running when the runner is stopped (Ctrl-C, SIGTERM) are killed with it, never left behind.
    private static readonly HashSet<Process> Running = [];

    static ServiceProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _logLock = new();
    private readonly StringBuilder _recent = new();

    private ServiceProcess(string name, Process process, StreamWriter log, int port, string logPath)
    {
        Name = name;
        _process = process;
        _log = log;
        Port = port;
        LogPath = logPath;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int Pid => _process.Id;

    /// <summary>From <see cref="Process.Start()"/> to the first 200 from <c>/health</c>.</summary>
    public TimeSpan StartupTime { get; private set; }

    public bool HasExited => _process.HasExited;

    public static async Task<ServiceProcess> StartAsync(
        string name, string dll, string workingDirectory, int port, IReadOnlyDictionary<string, string> environment, string logFolder,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Directory.CreateDirectory(logFolder);
        var logPath = Path.Combine(logFolder, $"{name}-{port}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        lock (Running)
        {
            Running.Add(process);
        }

        var service = new ServiceProcess(name, process, log, port, logPath);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await service.WaitHealthyAsync(clock, timeout, cancellationToken);
        return service;
    }

    private async Task WaitHealthyAsync(Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting. Last output:{Environment.NewLine}{RecentOutput()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    StartupTime = clock.Elapsed;
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} was not healthy within {timeout}. Last output:{Environment.NewLine}{RecentOutput()}");
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    public MemorySample Memory() => MemorySample.Read(_process.Id);

    /// <summary>User + system CPU the process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Lines of the log containing <paramref name="text"/> (case-insensitive), read from the file.</summary>
    public int CountInLog(string text)
    {
        lock (_logLock)
        {
            _log.Flush();
        }

        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Waits until the log has a line containing <paramref name="text"/>; false on timeout.</summary>
    public async Task<bool> WaitForLogAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (CountInLog(text) > 0)
            {
                return true;
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }

    public string RecentOutput()
    {
        lock (_logLock)
        {
            return _recent.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.WriteLine(line);
            _recent.AppendLine(line);
            if (_recent.Length > 8000)
            {
                _recent.Remove(0, _recent.Length - 4000);
            }
        }
    }

    /// <summary>SIGTERM first, so the host shuts down cleanly (a restart then measures a clean start); SIGKILL after 10 s.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        lock (Running)
        {
            Running.Remove(_process);
        }

        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private static void KillAll()
    {
        lock (Running)
        {
            foreach (var process in Running.Where(p => !p.HasExited))
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

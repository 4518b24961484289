using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace OAuthSuite.Testing;

/// <summary>
/// One of the services (AuthServer, ResourceApi, DemoClient) as a real <c>dotnet &lt;dll&gt;</c> process from its build
/// output, in the configuration of the tests or bench that start it: for exit codes, admin verbs, settings given as
/// environment variables, and (the bench) a production-like process with its own runtime, GC and memory. Output is
/// kept in memory and, when a log folder is given, written to a file so a long run cannot grow the buffer.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    /// <summary>
    /// How long a service may take to start or an admin verb to finish. A deadline, not a measurement: on a shared
    /// 2-core machine under load a cold <c>dotnet</c> start took over a minute, so this is generous on purpose.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    // Services still running when the test host or bench is stopped (Ctrl-C, SIGTERM) are killed with it.
    private static readonly HashSet<Process> Running = [];

    private readonly Process _process;
    private readonly StreamWriter? _log;
    private readonly int _keep;
    private readonly object _lock = new();
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    static ServiceProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private ServiceProcess(string name, ProcessStartInfo start, string? logPath, int port)
    {
        Name = name;
        Port = port;
        LogPath = logPath;
        if (logPath is not null)
        {
            _log = new StreamWriter(logPath) { AutoFlush = true };
        }

        // With a log file only the recent output stays in memory (for error messages); without, all of it.
        _keep = logPath is null ? int.MaxValue : 8000;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName} {start.Arguments}");
        lock (Running)
        {
            Running.Add(_process);
        }

        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _errorClosed.TrySetResult();
            }

            Append(_error, e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    /// <summary>The port it listens on, when the starter chose one (0 otherwise).</summary>
    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string? LogPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>From <see cref="Process.Start()"/> to the first 200 from <c>/health</c> (<see cref="StartHealthyAsync"/>).</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Standard output so far (its recent part only when written to a log file).</summary>
    public string Output => Read(_output);

    public string Error => Read(_error);

    /// <summary>
    /// Starts <paramref name="project"/> from its build output in its project folder on a port the OS picks
    /// (<c>ASPNETCORE_URLS=http://127.0.0.1:0</c>, unless <paramref name="environment"/> says otherwise).
    /// </summary>
    public static ServiceProcess Start(string project, IDictionary<string, string> environment, string arguments = "")
    {
        var start = StartInfo(RepoPaths.BuiltDll(project), RepoPaths.ProjectFolder(project));
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var argument in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ServiceProcess(project, start, logPath: null, port: 0);
    }

    /// <summary>Runs to completion (an admin verb, or a server expected to refuse to start).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string project, IDictionary<string, string> environment, string arguments = "", TimeSpan? timeout = null)
    {
        await using var process = Start(project, environment, arguments);
        var exitCode = await process.WaitForExitAsync(timeout ?? DefaultTimeout);
        return (exitCode, process.Output, process.Error);
    }

    /// <summary>
    /// Starts <paramref name="dll"/> (a build or publish output) on <paramref name="port"/>, its output written to
    /// <c>{logFolder}/{name}-{port}.log</c>, and waits until <c>/health</c> answers 200.
    /// </summary>
    public static async Task<ServiceProcess> StartHealthyAsync(
        string name, string dll, int port, IReadOnlyDictionary<string, string> environment, string logFolder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = StartInfo(dll, Path.GetDirectoryName(dll)!);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Directory.CreateDirectory(logFolder);
        var clock = Stopwatch.StartNew();
        var service = new ServiceProcess(name, start, Path.Combine(logFolder, $"{name}-{port}.log"), port);
        try
        {
            await service.WaitHealthyAsync(clock, timeout, cancellationToken);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            await _errorClosed.Task.WaitAsync(cancel.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}; output: {Output}");
        }
    }

    /// <summary>Waits until the service prints a line containing <paramref name="text"/> (e.g. "Application started").</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        timeout ??= DefaultTimeout;
        var deadline = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before printing '{text}': {Output} {Error}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"'{text}' not printed within {timeout}: {Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>User + system CPU the process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Lines of the log file containing <paramref name="text"/> (case-insensitive).</summary>
    public int CountInLog(string text)
    {
        var path = LogPath ?? throw new InvalidOperationException($"{Name} was started without a log file.");
        lock (_lock)
        {
            _log!.Flush();
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
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

    /// <summary>The recent standard output and error, for a failure message.</summary>
    public string RecentOutput() => Tail(Output + Error, 4000);

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
        lock (_lock)
        {
            _log?.Dispose();
        }
    }

    private static ProcessStartInfo StartInfo(string dll, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
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
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer (a busy machine): ask again until the start timeout.
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} was not healthy within {timeout}. Last output:{Environment.NewLine}{RecentOutput()}");
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _log?.WriteLine(line);
            buffer.AppendLine(line);
            if (buffer.Length > _keep)
            {
                buffer.Remove(0, buffer.Length - (_keep / 2));
            }
        }
    }

    private string Read(StringBuilder buffer)
    {
        lock (_lock)
        {
            return buffer.ToString();
        }
    }

    private static string Tail(string text, int length) => text.Length > length ? text[^length..] : text;

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

using Bench;
using Bench.Cases;
using Bench.Report;

// The benchmark runner (issue 5). README: bench/README.md. Exit code 1 when a case failed, 2 on bad arguments.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var report = await Suite.RunAsync(options, Console.Out, cancel.Token);
if (args.Contains("--publish"))
{
    await Publish.ToDocsAsync(options.OutputFolder, Console.Out);
}

return report.Failures.Count == 0 ? 0 : 1;

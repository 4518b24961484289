namespace Bench.Load;

internal interface ILoadGenerator
{
    string Name { get; }

    Task<LoadResult> RunAsync(LoadSpec spec, int connections, TimeSpan duration, CancellationToken cancellationToken);
}

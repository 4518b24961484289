using System.Globalization;

namespace Bench.Hosting;

/// <summary>Memory as Linux accounts it (<c>/proc/PID/status</c>): resident now, and the high-water mark.</summary>
internal readonly record struct MemorySample(double RssMb, double PeakRssMb)
{
    public static MemorySample Read(int pid)
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) / 1024.0;
            }
        }

        return new MemorySample(rss, peak);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

internal static class ServiceProcessMemory
{
    public static MemorySample Memory(this ServiceProcess service) => MemorySample.Read(service.Pid);
}

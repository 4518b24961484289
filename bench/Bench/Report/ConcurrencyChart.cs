using System.Globalization;
using ScottPlot;

namespace Bench.Report;

/// <summary>Token-endpoint throughput (left axis, solid) and p99 latency (right axis, dashed) against concurrency, per key type.</summary>
internal static class ConcurrencyChart
{
    public static void Write(IReadOnlyList<SweepPoint> points, string path, string subtitle)
    {
        var plot = new Plot();
        var colors = new[] { Colors.SteelBlue, Colors.DarkOrange, Colors.SeaGreen, Colors.Crimson };
        var series = points.GroupBy(p => p.Series).ToList();
        for (var i = 0; i < series.Count; i++)
        {
            var ordered = series[i].OrderBy(p => p.Connections).ToArray();
            var xs = ordered.Select(p => Math.Log2(p.Connections)).ToArray();
            var throughput = plot.Add.Scatter(xs, ordered.Select(p => p.PerSecond).ToArray());
            throughput.LegendText = $"{series[i].Key} tokens/s";
            throughput.Color = colors[i % colors.Length];
            throughput.LineWidth = 2;
            throughput.MarkerSize = 6;

            var latency = plot.Add.Scatter(xs, ordered.Select(p => p.P99Ms).ToArray());
            latency.LegendText = $"{series[i].Key} p99 ms";
            latency.Color = colors[i % colors.Length];
            latency.LinePattern = LinePattern.Dashed;
            latency.MarkerSize = 4;
            latency.Axes.YAxis = plot.Axes.Right;
        }

        var connections = points.Select(p => p.Connections).Distinct().Order().ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            connections.Select(c => Math.Log2(c)).ToArray(), connections.Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Bottom.Label.Text = "concurrent connections (wrk)";
        plot.Axes.Left.Label.Text = "tokens per second (solid)";
        plot.Axes.Right.Label.Text = "p99 latency, ms (dashed)";
        plot.Title($"Token endpoint, client credentials{Environment.NewLine}{subtitle}");
        // Both axes from zero, with headroom for the legend.
        plot.Axes.SetLimitsY(0, points.Max(p => p.PerSecond) * 1.25, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, points.Max(p => p.P99Ms) * 1.25, plot.Axes.Right);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1000, 560);
    }
}

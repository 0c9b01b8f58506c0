using Ember.Benchmarks.SideBySide;

namespace Ember.Benchmarks.Curves;

/// <summary>
/// One size of a curve's workload: <see cref="X"/> is the size on the curve's axis (records per batch, keys, batches
/// per window), <see cref="Create"/> builds the side-by-side workload at that size, and <see cref="EstimatedSeconds"/>
/// is the plan's guess of the point's whole cost (every contender, every run), printed before the run starts.
/// </summary>
internal sealed record CurvePoint(double X, Func<Workload> Create, int Repetitions, double EstimatedSeconds)
{
    /// <summary>Starting and stopping one contender's run (an Ember context, an actor system), for the plan's estimates.</summary>
    public const double StartSeconds = 0.3;
}

/// <summary>
/// One workload measured at growing sizes, drawn as one chart per metric. <see cref="Group"/> is what
/// <c>--filter</c> selects (batch, state, window); <see cref="Stem"/> names the chart files; <see cref="Note"/> says
/// what the workload is and which parameters stay fixed along the curve.
/// </summary>
internal sealed record Curve(
    string Group,
    string Stem,
    string Title,
    string Note,
    string XTitle,
    IReadOnlyList<CurvePoint> Points,
    IReadOnlyList<CurveMetric> Metrics);

/// <summary>
/// What a chart plots for one contender at one point, from that contender's runs: <see cref="Format"/> writes a value
/// in the report's tables, <see cref="TickLabel"/> on the chart's axis.
/// </summary>
internal sealed record CurveMetric(
    string Name,
    string Stem,
    string AxisTitle,
    bool LogScale,
    Func<Workload, IReadOnlyList<ContenderRun>, double> Value,
    Func<double, string> Format,
    Func<double, string> TickLabel);

/// <summary>The metrics the curves plot.</summary>
internal static class CurveMetrics
{
    public static readonly CurveMetric BatchP50 = new("Batch time p50", "p50", "Batch time p50 (ms)", LogScale: true,
        (_, runs) => Statistics.Percentile(runs.SelectMany(run => run.BatchMilliseconds), 0.5), SideBySideReport.Millis, LogTicks.Plain);

    public static readonly CurveMetric RecordsPerCpuSecond = new("Records per CPU-second", "rate", "Records per CPU-second", LogScale: true,
        (workload, runs) => Statistics.Median(runs.Select(run => Statistics.PerCpuSecond(workload, run))), SideBySideReport.Rate, LogTicks.Count);

    public static readonly CurveMetric StateBytesPerKey = new("State per key", "bytes", "Heap per key of state (bytes)", LogScale: false,
        (_, runs) => Statistics.Median(runs.Select(run => run.StateBytesPerKey).OfType<double>()), bytes => $"{bytes:F1} B", LogTicks.Plain);
}

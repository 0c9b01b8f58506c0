using Ember.Benchmarks.SideBySide;

namespace Ember.Benchmarks.Curves;

/// <summary>A contender left out at a point because the previous point predicted its run to take longer than the limit.</summary>
internal sealed record SkippedContender(string Name, double PredictedSeconds);

/// <summary>
/// One point as measured: the side-by-side result of the contenders that ran (null when none did), those skipped,
/// and how long the point took.
/// </summary>
internal sealed record PointResult(CurvePoint Point, Workload Workload, WorkloadResult? Result, IReadOnlyList<SkippedContender> Skipped, TimeSpan Elapsed)
{
    /// <summary>The metric's value for a contender, or null if it did not run here.</summary>
    public double? Value(CurveMetric metric, string contender) =>
        Result is not null && Result.Runs.TryGetValue(contender, out var runs) ? metric.Value(Workload, runs) : null;
}

/// <summary>A curve's points as measured.</summary>
internal sealed record CurveResult(Curve Curve, IReadOnlyList<PointResult> Points, TimeSpan Elapsed)
{
    /// <summary>Every contender of the curve, in the workload's order.</summary>
    public IReadOnlyList<string> Contenders => [.. Points.SelectMany(point => point.Workload.Contenders.Select(contender => contender.Name)).Distinct()];
}

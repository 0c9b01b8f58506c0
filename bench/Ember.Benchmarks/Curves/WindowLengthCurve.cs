using Ember.Benchmarks.SideBySide;

namespace Ember.Benchmarks.Curves;

/// <summary>
/// Per-batch time of <c>ReduceByKeyAndWindow</c> sliding by one batch against the window's length, 10 to 300 batches:
/// the inverse form should stay flat (add the batch entering, subtract the one leaving), recomputing should grow with
/// the window (it reduces every batch of it), and the tumbling <c>ReduceByKey</c> is the flat floor both share. The
/// records and keys per batch are smaller than the side-by-side Window workload's so that recomputing a 300-batch
/// window, and filling it before measuring, stays within the run's time.
/// </summary>
internal static class WindowLengthCurve
{
    // Rough costs from the 2026-12-01 side-by-side run, for the plan's estimate only: every contender's cost per
    // record, and recomputing's per batch of the window per distinct key.
    private const double SecondsPerRecord = 4e-6, SecondsPerBatch = 8e-3, RecomputeSecondsPerWindowKey = 0.1e-6;

    public static Curve Create(bool quick)
    {
        int[] widths = quick ? [10, 30, 100] : [10, 20, 50, 100, 200, 300];
        var (keys, records, batches) = quick ? (1_000, 2_000, 5) : (5_000, 10_000, 10);
        return new Curve("window", "window", "Sliding window, slide 1 batch",
            $"Sum per key over the last N batches, every batch: {records:N0} (long, long) records per batch over {keys:N0} keys; the window is full before measuring. Ember tumbling (a per-batch ReduceByKey, no window) is the floor every form pays.",
            "Window length (batches)", [.. widths.Select(width =>
            {
                var repetitions = quick || width >= 200 ? 1 : 2;
                var distinct = Math.Min(keys, records);
                return new CurvePoint(width, () => WindowWorkload.Create(keys, records, batches, width), repetitions,
                    repetitions * (4 * CurvePoint.StartSeconds + (width + batches) * (records * SecondsPerRecord + SecondsPerBatch + width * distinct * RecomputeSecondsPerWindowKey / 2)));
            })], [CurveMetrics.BatchP50]);
    }
}

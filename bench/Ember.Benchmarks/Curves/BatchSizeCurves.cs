using Ember.Benchmarks.SideBySide;

namespace Ember.Benchmarks.Curves;

/// <summary>
/// Batch processing time and throughput against records per batch, 1K to 1M (1, 3, 10, ... per decade), for Grep
/// (stateless, no shuffle) and <c>ReduceByKey</c> over a fixed 10K keys (so that a batch's distinct keys grow with the
/// batch until 10K, then stay: past that point a bigger batch adds records, not output). Batch counts fall as batches
/// grow, so that every point processes about the same records.
/// </summary>
internal static class BatchSizeCurves
{
    public const int ReduceByKeyKeys = 10_000;

    // Rough costs of all contenders together, from the 2026-12-01 side-by-side run: for the plan's estimate only.
    private const double GrepSecondsPerRecord = 0.6e-6, GrepSecondsPerBatch = 6e-3;
    private const double ReduceSecondsPerRecord = 2.0e-6, ReduceSecondsPerBatch = 8e-3;

    public static IEnumerable<Curve> Create(bool quick)
    {
        int[] sizes = quick ? [1_000, 10_000, 100_000] : [1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000];
        var repetitions = quick ? 1 : 2;
        IReadOnlyList<CurveMetric> metrics = [CurveMetrics.BatchP50, CurveMetrics.RecordsPerCpuSecond];
        yield return new Curve("batch", "batch-grep", "Grep",
            "Grep (count the 100-byte lines containing a word), Ember beside the hand-written loop and the libraries.",
            "Records per batch", [.. sizes.Select(size =>
            {
                var batches = Math.Clamp((quick ? 200_000 : 2_000_000) / size, quick ? 3 : 5, quick ? 50 : 500);
                return new CurvePoint(size, () => GrepWorkload.Create(size, batches), repetitions,
                    repetitions * (6 * CurvePoint.StartSeconds + (batches + 1) * (size * GrepSecondsPerRecord + GrepSecondsPerBatch)));
            })], metrics);
        yield return new Curve("batch", "batch-reducebykey", $"ReduceByKey, {Workload.Label(ReduceByKeyKeys)} keys",
            $"Per-batch ReduceByKey(+) of (long, long) records over a fixed {ReduceByKeyKeys:N0} keys, Ember beside the hand-written loop, DuckDB and the libraries.",
            "Records per batch", [.. sizes.Select(size =>
            {
                var batches = Math.Clamp((quick ? 100_000 : 1_000_000) / size, quick ? 2 : 3, quick ? 30 : 300);
                return new CurvePoint(size, () => ReduceByKeyWorkload.Create(ReduceByKeyKeys, size, batches), repetitions,
                    repetitions * (7 * CurvePoint.StartSeconds + (batches + 1) * (size * ReduceSecondsPerRecord + ReduceSecondsPerBatch)));
            })], metrics);
    }
}

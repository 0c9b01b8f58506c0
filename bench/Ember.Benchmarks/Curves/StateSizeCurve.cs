using Ember.Benchmarks.SideBySide;

namespace Ember.Benchmarks.Curves;

/// <summary>
/// Batch time and bytes of state per key against the number of keys held, 10K to 10M (1, 3, 10, ... per decade),
/// 1% of the keys touched per batch (the State workload): <c>MapWithState</c> should grow with the keys touched,
/// <c>UpdateStateByKey</c> with all keys (it rewrites every key every batch), the hand-written dictionary barely.
/// Past 1M keys the points measure fewer batches once each, and a contender whose run the previous point predicts
/// over a minute is skipped (and said so).
/// </summary>
internal static class StateSizeCurve
{
    // Rough costs from the 2026-12-01 side-by-side run, for the plan's estimate only: UpdateStateByKey per key held
    // and batch, MapWithState and the dictionary per key touched, and loading the initial state per key and run.
    private const double UpdateSecondsPerKeyBatch = 0.7e-6, TouchedSecondsPerRecord = 5e-6, LoadSecondsPerKey = 3e-6;

    public static Curve Create(bool quick)
    {
        int[] sizes = quick ? [10_000, 100_000, 1_000_000] : [10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000, 10_000_000];
        return new Curve("state", "state", "State, 1% of keys touched per batch",
            "A running total per long key (StateWorkload): 1% of the keys touched per batch, all keys loaded as initial state before measuring. State per key includes what a contender holds besides its state (an Ember context), which weighs at small sizes.",
            "Keys of state", [.. sizes.Select(keys =>
            {
                var batches = quick ? 3 : keys <= 1_000_000 ? 10 : keys <= 3_000_000 ? 5 : 3;
                var repetitions = quick || keys > 1_000_000 ? 1 : 2;
                return new CurvePoint(keys, () => StateWorkload.Create(keys, batches), repetitions,
                    repetitions * (3 * CurvePoint.StartSeconds + (batches + 1) * (keys * UpdateSecondsPerKeyBatch + keys / 100 * TouchedSecondsPerRecord) + 3 * keys * LoadSecondsPerKey));
            })], [CurveMetrics.BatchP50, CurveMetrics.StateBytesPerKey]);
    }
}

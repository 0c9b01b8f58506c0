namespace Ember.Benchmarks.SideBySide;

/// <summary>A target of the issue, checked on a run's median.</summary>
internal sealed record Target(string Description, string Measured, bool? Met);

/// <summary>
/// The targets of the performance issues, evaluated on the results (a target whose workload did not run is left out).
/// Ratios are per CPU-second, medians of the interleaved repetitions.
/// </summary>
internal static class Targets
{
    public static IReadOnlyList<Target> Evaluate(IReadOnlyList<WorkloadResult> results)
    {
        var targets = new List<Target>();
        var check = new Checks(results, targets);

        // Fixed cost per batch.
        check.BatchP50("Empty batch", "Ember", 50, "Empty batch ≤ 50 µs (p50, tick to batch completed)");
        check.BatchP50("Empty batch", "Ember, checkpoint directory set", 50, "Empty batch with a checkpoint directory set ≤ 50 µs (p50)");
        check.Ratio("Grep 10K", "Ember", "Hand-written loop", 0.5, "Ember ≥ 0.5× hand loop");
        check.Ratio("Grep 10K", "Ember", "System.Reactive", 1, "Ember ≥ 1× Rx");
        foreach (var prefix in new[] { "Grep", "ReduceByKey" })
        {
            check.Each(prefix, result => check.AllocatedPerRecord(result, "Ember", 1));
        }

        // Keyed aggregation.
        check.Each("ReduceByKey", result =>
        {
            check.Ratio(result.Workload.Name, "Ember", "Hand-written loop", 0.5, "Ember ≥ 0.5× hand loop");
            check.Ratio(result.Workload.Name, "Ember", "System.Reactive", 3, "Ember ≥ 3× Rx GroupBy");
            check.Ratio(result.Workload.Name, "Ember", "DuckDB", 1, "Ember faster than DuckDB GROUP BY");
        });
        check.Ratio("ReduceByKey 1M keys", "Ember", "DuckDB", 2, "Ember ≥ 2× DuckDB GROUP BY");
        check.Ratio("WordCount", "Ember", "Hand-written loop", 0.5, "Ember ≥ 0.5× hand loop");

        // State.
        check.Each("State", result =>
        {
            check.Ratio(result.Workload.Name, "Ember MapWithState", "Hand-written dictionary", 0.25, "MapWithState ≥ 0.25× the hand dictionary");
            check.Ratio(result.Workload.Name, "Ember MapWithState", "Ember UpdateStateByKey", 10, "MapWithState ≥ 10× UpdateStateByKey");
            check.TailLatency(result, "Ember MapWithState", 3);
            check.StateBytesPerKey(result, "Ember MapWithState", 40);
            check.AllocationBeyondState(result, "Ember UpdateStateByKey", "Ember MapWithState", 2);
        });

        // Windows.
        check.Ratio("Window 30×1", "Ember inverse", "Ember recompute", 5, "inverse window ≥ 5× cheaper than recomputing");
        check.Ratio("Window 30×1", "Ember inverse", "Ember tumbling", 1 / 1.2, "inverse window costs ≤ 1.2× tumbling (ratio ≥ 0.83)");
        check.Ratio("Window 30×1", "Ember inverse", "Hand-written sliding sum", 0.3, "inverse window ≥ 0.3× the hand-written sliding sum");

        // Yahoo-like.
        check.Ratio("Yahoo-like", "Ember", "Hand-written loop", 0.6, "Ember ≥ 0.6× hand loop");
        check.Ratio("Yahoo-like", "Ember", "System.Threading.Channels", 1, "Ember ≥ 1× Channels");
        check.Ratio("Yahoo-like", "Ember", "Akka.Streams", 5, "Ember ≥ 5× Akka.Streams");
        return targets;
    }

    /// <summary>The kinds of check, each adding a target when its workload and contenders ran.</summary>
    private sealed class Checks(IReadOnlyList<WorkloadResult> results, List<Target> targets)
    {
        private WorkloadResult? Find(string workload, params string[] contenders) =>
            results.FirstOrDefault(result => result.Workload.Name == workload) is { } result && contenders.All(result.Runs.ContainsKey) ? result : null;

        public void Each(string prefix, Action<WorkloadResult> check)
        {
            foreach (var result in results.Where(result => result.Workload.Name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                check(result);
            }
        }

        public void Ratio(string workload, string contender, string baseline, double atLeast, string description)
        {
            if (Find(workload, contender, baseline) is { } result)
            {
                var ratios = Statistics.Ratios(result, contender, baseline);
                targets.Add(new Target($"{workload}: {description}", Statistics.Spread(ratios), Statistics.Median(ratios) >= atLeast));
            }
        }

        public void BatchP50(string workload, string contender, double atMostMicros, string description)
        {
            if (Find(workload, contender) is { } result)
            {
                var p50 = Statistics.Median(result.Runs[contender].SelectMany(run => run.BatchMilliseconds)) * 1000;
                targets.Add(new Target(description, $"{p50:F0} µs", p50 <= atMostMicros));
            }
        }

        public void AllocatedPerRecord(WorkloadResult result, string contender, double lessThan)
        {
            var records = (double)result.Workload.RecordsPerBatch * result.Workload.MeasuredBatches;
            var bytes = Statistics.Median(result.Runs[contender].Select(run => run.Measurement.AllocatedBytes / records));
            targets.Add(new Target($"{result.Workload.Name}: {contender} allocates < {lessThan} byte per record", $"{bytes:F1} B/record", bytes < lessThan));
        }

        public void TailLatency(WorkloadResult result, string contender, double atMost)
        {
            var millis = result.Runs[contender].SelectMany(run => run.BatchMilliseconds).ToArray();
            var (p50, p99) = (Statistics.Median(millis), Statistics.Percentile(millis, 0.99));
            targets.Add(new Target($"{result.Workload.Name}: {contender} p99 batch ≤ {atMost}× p50", $"{p99:F1} ms / {p50:F1} ms = {p99 / p50:F1}×", p99 <= atMost * p50));
        }

        public void StateBytesPerKey(WorkloadResult result, string contender, double atMost)
        {
            var bytes = Statistics.Median(result.Runs[contender].Select(run => run.StateBytesPerKey ?? double.NaN));
            targets.Add(new Target($"{result.Workload.Name}: {contender} ≤ {atMost} bytes of state per long→long key", $"{bytes:F1} B/key", bytes <= atMost));
        }

        /// <summary>
        /// O(keys touched) allocation for an operator that must rewrite its whole state every batch: what it allocates
        /// per batch beyond one copy of its state, against what <paramref name="touchedOnly"/> (which visits only the
        /// touched keys) allocates per batch in all.
        /// </summary>
        public void AllocationBeyondState(WorkloadResult result, string contender, string touchedOnly, double atMostTimes)
        {
            if (result.Workload.StateKeys is not { } keys || Find(result.Workload.Name, contender, touchedOnly) is null)
            {
                return;
            }
            double PerBatch(string name) => Statistics.Median(result.Runs[name].Select(run => run.Measurement.AllocatedBytes / (double)result.Workload.MeasuredBatches));
            var stateCopy = Statistics.Median(result.Runs[contender].Select(run => run.StateBytesPerKey ?? double.NaN)) * keys;
            var beyond = PerBatch(contender) - stateCopy;
            var reference = PerBatch(touchedOnly);
            targets.Add(new Target($"{result.Workload.Name}: {contender} allocates per batch, beyond one copy of its state, ≤ {atMostTimes}× what {touchedOnly} allocates",
                $"{beyond / 1e6:F1} MB against {reference / 1e6:F1} MB", beyond <= atMostTimes * reference));
        }
    }
}

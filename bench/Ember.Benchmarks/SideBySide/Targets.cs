namespace Ember.Benchmarks.SideBySide;

/// <summary>A target of the issue, checked on a run's median.</summary>
internal sealed record Target(string Description, string Measured, bool? Met);

/// <summary>The targets, evaluated on the results (a target whose workload did not run is left out).</summary>
internal static class Targets
{
    public static IReadOnlyList<Target> Evaluate(IReadOnlyList<WorkloadResult> results)
    {
        var targets = new List<Target>();
        void Ratio(string workload, string contender, string baseline, double atLeast, string description)
        {
            if (results.FirstOrDefault(result => result.Workload.Name == workload) is { } result && result.Runs.ContainsKey(contender) && result.Runs.ContainsKey(baseline))
            {
                var ratios = Statistics.Ratios(result, contender, baseline);
                targets.Add(new Target($"{workload}: {description}", Statistics.Spread(ratios), Statistics.Median(ratios) >= atLeast));
            }
        }
        void Each(string prefix, Action<WorkloadResult> check)
        {
            foreach (var result in results.Where(result => result.Workload.Name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                check(result);
            }
        }

        Ratio("Grep 10K", "Ember", "Hand-written loop", 0.5, "Ember ≥ 0.5× hand loop");
        Ratio("Grep 10K", "Ember", "System.Reactive", 1, "Ember ≥ 1× Rx");
        foreach (var keys in new[] { "1K", "100K" })
        {
            Ratio($"ReduceByKey {keys} keys", "Ember", "Hand-written loop", 0.5, "Ember ≥ 0.5× hand loop");
        }
        Each("ReduceByKey", result =>
        {
            Ratio(result.Workload.Name, "Ember", "DuckDB", 1, "Ember faster than DuckDB GROUP BY");
            Ratio(result.Workload.Name, "Ember", "System.Reactive", 3, "Ember ≥ 3× Rx GroupBy");
        });
        Ratio("Window 30×1", "Ember inverse", "Ember tumbling", 1 / 1.2, "inverse window costs ≤ 1.2× tumbling (ratio ≥ 0.83)");
        Ratio("Window 30×1", "Ember inverse", "Ember recompute", 5, "inverse window ≥ 5× cheaper than recomputing");
        Each("State", result =>
        {
            Ratio(result.Workload.Name, "Ember MapWithState", "Ember UpdateStateByKey", 10, "MapWithState ≥ 10× UpdateStateByKey");
            var bytes = Statistics.Median(result.Runs["Ember MapWithState"].Select(run => run.StateBytesPerKey ?? double.NaN));
            targets.Add(new Target($"{result.Workload.Name}: MapWithState ≤ 40 bytes of state per long→long key", $"{bytes:F1} B/key", bytes <= 40));
        });
        Ratio("Yahoo-like", "Ember", "Akka.Streams", 5, "Ember ≥ 5× Akka.Streams");
        Ratio("Yahoo-like", "Ember", "System.Threading.Channels", 2, "Ember ≥ 2× Channels");
        Each("Empty batch", result =>
        {
            var p50 = Statistics.Median(result.Runs["Ember"].SelectMany(run => run.BatchMilliseconds)) * 1000;
            targets.Add(new Target("Empty batch < 50 µs (p50, tick to batch completed)", $"{p50:F0} µs", p50 < 50));
        });
        foreach (var prefix in new[] { "Grep", "ReduceByKey" })
        {
            Each(prefix, result =>
            {
                var records = (double)result.Workload.RecordsPerBatch * result.Workload.MeasuredBatches;
                var bytes = Statistics.Median(result.Runs["Ember"].Select(run => run.Measurement.AllocatedBytes / records));
                targets.Add(new Target($"{result.Workload.Name}: Ember allocates < 1 byte per record", $"{bytes:F1} B/record", bytes < 1));
            });
        }
        return targets;
    }
}

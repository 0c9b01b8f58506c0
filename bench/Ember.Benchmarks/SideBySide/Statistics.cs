namespace Ember.Benchmarks.SideBySide;

/// <summary>Medians, percentiles and the throughput ratios of a workload's runs.</summary>
internal static class Statistics
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The nearest-rank percentile (<paramref name="fraction"/> in (0, 1]).</summary>
    public static double Percentile(IEnumerable<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[(int)Math.Clamp(Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Records per CPU-second of one run (all threads of the process: the work's cost, not its spread).</summary>
    public static double PerCpuSecond(Workload workload, ContenderRun run) =>
        workload.RecordsPerBatch * workload.MeasuredBatches / Math.Max(1e-6, run.Measurement.Cpu.TotalSeconds);

    /// <summary>
    /// Throughput per CPU-second of <paramref name="contender"/> over <paramref name="baseline"/>, repetition r against
    /// repetition r (they ran next to each other): above 1, the contender does the work with less CPU.
    /// </summary>
    public static double[] Ratios(WorkloadResult result, string contender, string baseline) =>
        [.. result.Runs[contender].Zip(result.Runs[baseline], (run, reference) => reference.Measurement.Cpu / run.Measurement.Cpu)];

    /// <summary>As <see cref="Ratios"/> on wall time: what a contender using both cores gains over one using one.</summary>
    public static double[] WallRatios(WorkloadResult result, string contender, string baseline) =>
        [.. result.Runs[contender].Zip(result.Runs[baseline], (run, reference) => reference.Measurement.Wall / run.Measurement.Wall)];

    /// <summary>"median× (min–max)".</summary>
    public static string Spread(double[] ratios) => $"{Median(ratios):F2}× ({ratios.Min():F2}–{ratios.Max():F2})";
}

using System.Diagnostics;

namespace Ember.Benchmarks;

/// <summary>What one run of one contender cost: wall and CPU time, bytes allocated and collections, as deltas.</summary>
internal sealed record Measurement(TimeSpan Wall, TimeSpan Cpu, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    /// <summary>
    /// Runs <paramref name="action"/> once after a full, blocking collection, so garbage left by an earlier run is
    /// neither collected on this run's clock nor counted in its collections.
    /// </summary>
    public static (Measurement Measurement, T Result) Of<T>(Func<T> action)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = ProcessorTime();
        var stopwatch = Stopwatch.StartNew();

        var result = action();

        stopwatch.Stop();
        var measurement = new Measurement(
            stopwatch.Elapsed,
            ProcessorTime() - cpu,
            GC.GetTotalAllocatedBytes(precise: true) - allocated,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2);
        return (measurement, result);
    }

    // A fresh Process object each time: a kept one caches its counters until Refresh().
    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}

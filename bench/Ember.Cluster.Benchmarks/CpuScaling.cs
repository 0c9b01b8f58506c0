using System.Diagnostics;

namespace Ember.Cluster.Benchmarks;

/// <summary>
/// Scaling of a CPU-bound job: 16 tasks of an integer hash loop (no allocation, no I/O, results of 8 bytes), sized to
/// a given number of CPU-seconds on one core, on <c>local[1]</c>, <c>local-cluster[1,1]</c> and
/// <c>local-cluster[2,1]</c>. Wall time and the CPU-seconds of driver and executors are recorded per run.
/// </summary>
internal static class CpuScaling
{
    public const string Title = "CPU-bound job scaling";
    public const string Job = "CPU-bound job";
    public const int Tasks = 16;
    private const long CalibrationIterations = 20_000_000;

    /// <summary>
    /// Hash-loop iterations per task, so that the job needs about <paramref name="cpuSeconds"/> of one core: timed
    /// here by this process's CPU time rather than the wall clock, which other processes on a busy machine stretch.
    /// </summary>
    public static long Calibrate(double cpuSeconds)
    {
        var best = double.MaxValue;
        using var self = Process.GetCurrentProcess();
        for (var round = 0; round < 3; round++)
        {
            self.Refresh();
            var start = self.TotalProcessorTime;
            GC.KeepAlive(Spin(round, CalibrationIterations));
            self.Refresh();
            best = Math.Min(best, (self.TotalProcessorTime - start).TotalSeconds);
        }
        return (long)(cpuSeconds / Tasks / Math.Max(1e-3, best) * CalibrationIterations);
    }

    public static SectionResult Run(long iterationsPerTask, int repetitions)
    {
        Contender For(string master) => new(master, master,
            context => WarmUp(context!, iterationsPerTask),
            context => [Sample.Of(Job, Tasks, () => Sum(context!, iterationsPerTask))]);
        return SectionRunner.Run(Title, [For("local[1]"), For("local-cluster[1,1]"), For("local-cluster[2,1]")], repetitions);
    }

    public static string Describe(long iterationsPerTask) =>
        $"`Parallelize(Range(0, {Tasks}), {Tasks}).Map(i => Spin(i, {iterationsPerTask:N0})).Fold(0, +)`: " +
        "Spin is a multiply-xorshift loop on one long (about 1 ns an iteration); every contender checks the same sum";

    // A fresh executor climbs the JIT's tiers for Spin: tier 0 with on-stack replacement, then (dynamic PGO) a tier-1
    // build with count probes in the loop, then tier 1; each step needs 30 calls and a pause without new tier-0 code.
    // Three rounds of short jobs (80 calls each, so 40 on each of 2 executors), each followed by a pause, carry it to
    // the last tier. Executors still spend 6-40% more CPU than the driver on the job: the runtime's tiered-compilation
    // thread keeps working in them (bench/results/cluster-2026-12-02.md, "Diagnostic").
    private static void WarmUp(EmberContext context, long iterationsPerTask)
    {
        for (var round = 0; round < 3; round++)
        {
            for (var job = 0; job < 5; job++)
            {
                Sum(context, iterationsPerTask / 500);
            }
            Thread.Sleep(TimeSpan.FromMilliseconds(400));
        }
    }

    private static long Sum(EmberContext context, long iterations) =>
        context.Parallelize(Enumerable.Range(0, Tasks), Tasks).Map(task => Spin(task, iterations)).Fold(0L, static (a, b) => a + b);

    private static long Spin(int seed, long iterations)
    {
        var state = (ulong)seed + 1;
        for (var i = 0L; i < iterations; i++)
        {
            state ^= state >> 33;
            state *= 0xFF51AFD7ED558CCDUL;
            state ^= state >> 29;
        }
        return (long)(state >> 1);
    }
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Ember.Benchmarks;

/// <summary>
/// BenchmarkDotNet micro-benchmarks of the hot paths one batch goes through, on a <c>local[1]</c> context: a narrow
/// Filter and Count (Grep's path) and a ReduceByKey over <c>long</c> keys (map-side combine, buckets, reduce-side
/// merge), each one job over 100,000 records. In process, short runs: run with
/// <c>dotnet run -c Release --project bench/Ember.Benchmarks -- micro [BenchmarkDotNet arguments]</c>.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const int Records = 100_000;
    private EmberContext context = null!;
    private Rdd<string> lines = null!;
    private Rdd<(long Key, long Value)> pairs = null!;

    /// <summary>Distinct keys of the ReduceByKey job.</summary>
    [Params(1_000, 100_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        context = new EmberContext(new EmberOptions { Master = "local[1]", AppName = "HotPaths" });
        lines = context.Parallelize(SideBySide.Data.Lines(Records), 1);
        var random = new Random(3);
        pairs = context.Parallelize(Enumerable.Range(0, Records).Select(_ => ((long)random.Next(Keys), 1L)), 1);
    }

    [GlobalCleanup]
    public void Cleanup() => context.Dispose();

    [Benchmark(Description = "Filter + Count, 100K lines")]
    public long FilterCount() => lines.Filter(line => line.Contains(SideBySide.GrepWorkload.Word, StringComparison.Ordinal)).Count();

    [Benchmark(Description = "ReduceByKey + Count, 100K pairs")]
    public long ReduceByKey() => pairs.ReduceByKey((a, b) => a + b, 1).Count();

    /// <summary>Runs the benchmarks selected by <paramref name="args"/> (BenchmarkDotNet's own options).</summary>
    public static int Run(string[] args)
    {
        var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        BenchmarkSwitcher.FromTypes([typeof(HotPathBenchmarks)]).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        return 0;
    }
}

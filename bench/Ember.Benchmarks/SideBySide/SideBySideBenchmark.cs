namespace Ember.Benchmarks.SideBySide;

/// <summary>The settings of a side-by-side run, from the command line.</summary>
internal sealed record RunSettings(bool Quick, string? Filter, int Repetitions, string CommandLine);

/// <summary>
/// Every workload against every contender, then the latency run; writes <c>bench/results/&lt;date&gt;.md</c> and
/// <c>.json</c>. <c>--quick</c> keeps every workload and ratio with smaller batches and fewer repetitions.
/// </summary>
internal static class SideBySideBenchmark
{
    private const string LatencyName = "Latency";

    public static int Run(RunSettings settings)
    {
        var load = Machine.LoadAverage() ?? "unknown";
        var results = new List<WorkloadResult>();
        foreach (var (name, create) in Workloads(settings.Quick))
        {
            if (Selected(settings, name))
            {
                results.Add(SideBySideRunner.Run(create(), settings.Repetitions));
            }
        }
        LatencyResult? latency = null;
        if (Selected(settings, LatencyName))
        {
            latency = LatencyBenchmark.Run(TimeSpan.FromSeconds(settings.Quick ? 3 : 10));
        }
        load += $" before, {Machine.LoadAverage() ?? "unknown"} after";

        var markdown = SideBySideReport.Markdown(settings, results, latency, load);
        var folder = Path.Combine(Report.RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"{DateTime.UtcNow:yyyy-MM-dd}{(settings.Quick ? "-quick" : "")}");
        File.WriteAllText(stem + ".md", markdown);
        File.WriteAllText(stem + ".json", SideBySideReport.Json(settings, results, latency, load));
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {stem}.md and {stem}.json");
        return 0;
    }

    private static bool Selected(RunSettings settings, string name) =>
        settings.Filter is null || name.Contains(settings.Filter, StringComparison.OrdinalIgnoreCase);

    // Names with factories, so that a filtered run builds only the inputs it measures.
    private static IEnumerable<(string Name, Func<Workload> Create)> Workloads(bool quick)
    {
        var scale = quick ? 5 : 1;
        foreach (var (lines, batches) in new[] { (10_000, quick ? 30 : 200), (100_000, quick ? 5 : 30), (1_000_000, quick ? 1 : 5) })
        {
            yield return (GrepWorkload.Name(lines), () => GrepWorkload.Create(lines, batches));
        }
        yield return (WordCountWorkload.Name, () => WordCountWorkload.Create(50_000 / scale, quick ? 3 : 6));
        foreach (var keys in new[] { 1_000, 100_000, 1_000_000 })
        {
            yield return (ReduceByKeyWorkload.Name(keys), () => ReduceByKeyWorkload.Create(keys, 500_000 / scale, quick ? 3 : 6));
        }
        yield return (WindowWorkload.Name, () => WindowWorkload.Create(10_000 / scale, 20_000 / scale, quick ? 3 : 10));
        // Ten measured batches: MapWithState flattens its delta chain within them.
        var stateKeys = quick ? 100_000 : 1_000_000;
        yield return (StateWorkload.Name(stateKeys), () => StateWorkload.Create(stateKeys, 10));
        yield return (YahooWorkload.Name, () => YahooWorkload.Create(200_000 / scale, quick ? 3 : 10));
        yield return (EmptyBatchWorkload.Name, () => EmptyBatchWorkload.Create(quick ? 50 : 300));
    }
}

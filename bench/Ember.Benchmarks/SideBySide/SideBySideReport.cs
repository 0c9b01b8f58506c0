using System.Text;
using System.Text.Json;

namespace Ember.Benchmarks.SideBySide;

/// <summary>Renders a side-by-side run as a Markdown table of ratios and per-contender figures, and as JSON.</summary>
internal static class SideBySideReport
{
    public static string Markdown(RunSettings settings, IReadOnlyList<WorkloadResult> results, LatencyResult? latency, string load)
    {
        var text = new StringBuilder();
        text.AppendLine($"# Ember side by side, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC{(settings.Quick ? " (quick)" : "")}");
        text.AppendLine();
        text.AppendLine($"- Command: `{settings.CommandLine}`");
        text.AppendLine($"- Ember source: {Report.SourceVersion()}");
        text.AppendLine($"- Machine: {Machine.Describe()}");
        text.AppendLine($"- Load average (1/5/15 min): {load}. Whatever else ran on the machine shows in it: absolute figures move with it, ratios come from runs interleaved A B … B A");
        text.AppendLine($"- Each workload: every contender once to warm up, then {settings.Repetitions} repetitions in rotating order; a run processes its warm-up batches (not measured), then the measured ones");
        text.AppendLine("- Ratio: the contender's records per CPU-second (all threads) over the baseline's, repetition against repetition; median (min–max). Above 1, the contender does the work with less CPU. The wall ratio compares elapsed times: there Ember's two workers count against a single-threaded loop");
        text.AppendLine($"- Ember: local[2], queue stream on a fake clock, batches back to back, {EmberRun<int>.Partitions} input partitions per batch; TPL Dataflow and Channels carry arrays of {LibraryRuns.ChunkSize} records");
        text.AppendLine();
        text.AppendLine("## Ratios");
        text.AppendLine();
        text.AppendLine("| Workload | Contender | Baseline | Per CPU-second, median (min–max) | Wall, median (min–max) |");
        text.AppendLine("|---|---|---|---:|---:|");
        foreach (var result in results)
        {
            foreach (var (contender, baseline) in result.Workload.Ratios)
            {
                text.AppendLine($"| {result.Workload.Name} | {contender} | {baseline} | {Statistics.Spread(Statistics.Ratios(result, contender, baseline))} | " +
                                $"{Statistics.Spread(Statistics.WallRatios(result, contender, baseline))} |");
            }
        }
        text.AppendLine();
        text.AppendLine("## Targets");
        text.AppendLine();
        text.AppendLine("| Target | Measured | Met |");
        text.AppendLine("|---|---:|---|");
        foreach (var target in Targets.Evaluate(results))
        {
            text.AppendLine($"| {target.Description} | {target.Measured} | {(target.Met == true ? "yes" : "**no**")} |");
        }
        text.AppendLine();
        text.AppendLine("## Workloads");
        foreach (var result in results)
        {
            var workload = result.Workload;
            text.AppendLine();
            text.AppendLine($"### {workload.Name}");
            text.AppendLine();
            text.AppendLine($"{workload.Description}; {workload.WarmBatches} warm-up and {workload.MeasuredBatches} measured batches per run.");
            text.AppendLine();
            text.AppendLine("| Contender | Records per CPU-second | Records/s (wall) | Batch p50 | Batch p99 | Allocated per record | GC gen0/1/2 per run | State per key |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (name, runs) in result.Runs)
            {
                var records = (double)workload.RecordsPerBatch * workload.MeasuredBatches;
                var batches = runs.SelectMany(run => run.BatchMilliseconds).ToArray();
                var state = runs.Select(run => run.StateBytesPerKey).OfType<double>().ToArray();
                text.AppendLine($"| {name} | {Rate(records == 0 ? double.NaN : Statistics.Median(runs.Select(run => Statistics.PerCpuSecond(workload, run))))} | " +
                                $"{Rate(records == 0 ? double.NaN : records / Statistics.Median(runs.Select(run => run.Measurement.Wall.TotalSeconds)))} | " +
                                $"{Millis(Statistics.Percentile(batches, 0.5))} | {Millis(Statistics.Percentile(batches, 0.99))} | " +
                                $"{(records == 0 ? $"{Statistics.Median(runs.Select(run => (double)run.Measurement.AllocatedBytes)) / workload.MeasuredBatches:F0} B/batch" : $"{Statistics.Median(runs.Select(run => run.Measurement.AllocatedBytes / records)):F1} B")} | " +
                                $"{Statistics.Median(runs.Select(run => (double)run.Measurement.Gen0)):F0}/{Statistics.Median(runs.Select(run => (double)run.Measurement.Gen1)):F0}/{Statistics.Median(runs.Select(run => (double)run.Measurement.Gen2)):F0} | " +
                                $"{(state.Length == 0 ? "–" : $"{Statistics.Median(state):F1} B")} |");
            }
        }
        if (latency is not null)
        {
            text.AppendLine();
            text.AppendLine("### Latency at 100 ms batches");
            text.AppendLine();
            text.AppendLine($"Grep lines from a receiver ({latency.BlockInterval.TotalMilliseconds:F0} ms blocks) at {latency.RecordsPerSecond / 1e6:F2} M lines/s, half the {latency.SustainableRecordsPerSecond / 1e6:F2} M lines/s " +
                            $"the same job processed with the receiver storing as fast as it could; real clock, {latency.MeanMilliseconds.Length} batches.");
            text.AppendLine("Latency of a record: from its creation to the output operation of its batch.");
            text.AppendLine();
            text.AppendLine("| Per batch | p50 | p99 | max |");
            text.AppendLine("|---|---:|---:|---:|");
            text.AppendLine($"| Mean record latency | {Millis(Statistics.Percentile(latency.MeanMilliseconds, 0.5))} | {Millis(Statistics.Percentile(latency.MeanMilliseconds, 0.99))} | {Millis(latency.MeanMilliseconds.DefaultIfEmpty(double.NaN).Max())} |");
            text.AppendLine($"| Oldest record's latency | {Millis(Statistics.Percentile(latency.MaxMilliseconds, 0.5))} | {Millis(Statistics.Percentile(latency.MaxMilliseconds, 0.99))} | {Millis(latency.MaxMilliseconds.DefaultIfEmpty(double.NaN).Max())} |");
        }
        return text.ToString();
    }

    public static string Json(RunSettings settings, IReadOnlyList<WorkloadResult> results, LatencyResult? latency, string load) =>
        JsonSerializer.Serialize(new
        {
            date = DateTime.UtcNow,
            command = settings.CommandLine,
            source = Report.SourceVersion(),
            machine = Machine.Describe(),
            load,
            repetitions = settings.Repetitions,
            workloads = results.Select(result => new
            {
                name = result.Workload.Name,
                description = result.Workload.Description,
                recordsPerBatch = result.Workload.RecordsPerBatch,
                warmBatches = result.Workload.WarmBatches,
                measuredBatches = result.Workload.MeasuredBatches,
                ratios = result.Workload.Ratios.Select(pair => new
                {
                    contender = pair.Contender,
                    baseline = pair.Baseline,
                    perCpuSecond = Statistics.Ratios(result, pair.Contender, pair.Baseline),
                    wall = Statistics.WallRatios(result, pair.Contender, pair.Baseline),
                }),
                contenders = result.Runs.Select(pair => new
                {
                    name = pair.Key,
                    runs = pair.Value.Select(run => new
                    {
                        wallSeconds = run.Measurement.Wall.TotalSeconds,
                        cpuSeconds = run.Measurement.Cpu.TotalSeconds,
                        allocatedBytes = run.Measurement.AllocatedBytes,
                        gen0 = run.Measurement.Gen0,
                        gen1 = run.Measurement.Gen1,
                        gen2 = run.Measurement.Gen2,
                        stateBytesPerKey = run.StateBytesPerKey,
                        batchMilliseconds = run.BatchMilliseconds,
                    }),
                }),
            }),
            targets = Targets.Evaluate(results),
            latency,
        }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });

    internal static string Rate(double perSecond) => double.IsNaN(perSecond) ? "–" : perSecond >= 1e6 ? $"{perSecond / 1e6:F2} M" : $"{perSecond / 1e3:F1} K";

    internal static string Millis(double millis) => double.IsNaN(millis) ? "–" : millis < 1 ? $"{millis * 1000:F0} µs" : $"{millis:F1} ms";
}

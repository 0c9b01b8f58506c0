using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ember.Streaming.Kafka;

namespace Ember.Kafka.Benchmarks.SeedJob;

/// <summary>
/// The <c>seedjob</c> mode: the seed's job (running totals and windowed averages per source) over the same pre-produced
/// topic on the embedded broker, by Ember, by a hand-written consume loop (the floor) and by Streamiz, in records per
/// CPU-second of the whole process, interleaved (A B C, C B A, ...), medians; then the cost of an Ember batch of a few records.
/// </summary>
internal static class SeedJobBenchmark
{
    private const int Partitions = 4;

    public static async Task<string> RunAsync(string[] args)
    {
        long records = 2_000_000;
        int recordsPerBatch = 5_000, sources = 40, repetitions = 3, smallBatches = 300, streamizThreads = 1;
        var contenders = new HashSet<string>(["ember", "floor", "streamiz", "small"]);
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--records": records = Positive(value, args[i]); break;
                case "--records-per-batch": recordsPerBatch = (int)Positive(value, args[i]); break;
                case "--sources": sources = (int)Positive(value, args[i]); break;
                case "--repetitions": repetitions = (int)Positive(value, args[i]); break;
                case "--small-batches": smallBatches = (int)Positive(value, args[i]); break;
                case "--contenders": contenders = [.. value.Split(',')]; break;
                case "--streamiz-threads": streamizThreads = (int)Positive(value, args[i]); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'; use --records, --records-per-batch, --sources, --repetitions, --small-batches, --streamiz-threads or --contenders ember,floor,streamiz,small (small: the cost of a batch of a few records).");
            }
        }

        await using var kafka = await EmbeddedKafka.StartAsync();
        await kafka.CreateTopicAsync("seed-job-warm-up", Partitions);
        var warmUp = SeedJobData.Produce(kafka.BootstrapServers, "seed-job-warm-up", Partitions, sources, Math.Min(records, 40L * recordsPerBatch), recordsPerBatch);
        await kafka.CreateTopicAsync("seed-job", Partitions);
        var data = SeedJobData.Produce(kafka.BootstrapServers, "seed-job", Partitions, sources, records, recordsPerBatch);
        var streamizRuns = 0;
        var all = new (string Key, string Name, Func<string, SeedJobData, Task<SeedJobResult>> Run)[]
        {
            ("ember", "Ember: the example's job (direct stream, UpdateStateByKey totals, inverse ReduceByKeyAndWindow averages, checkpoint) on local[2]",
                async (topic, d) => (await EmberSeedJob.RunAsync(kafka.BootstrapServers, topic, d.Records, recordsPerBatch)).Result),
            ("floor", "Floor: hand-written Confluent.Kafka loop, 1 assigned consumer per partition on its own thread, dictionaries merged at the end",
                (topic, _) => Task.FromResult(HandLoopSeedJob.Run(kafka.BootstrapServers, topic, Partitions))),
            ("streamiz", $"Streamiz.Kafka.Net 1.8.2: GroupByKey + Aggregate (in-memory, cached, changelogged), hopping-window Aggregate, {streamizThreads} stream thread(s)",
                (topic, d) => StreamizSeedJob.RunAsync(kafka, topic, Partitions, d, ++streamizRuns, streamizThreads)),
        };
        var chosen = all.Where(contender => contenders.Contains(contender.Key)).ToArray();

        // Ember and the floor warm up twice: a second pass lets tiered compilation finish its hot loops (Streamiz's
        // own warm-up run is long enough for that).
        foreach (var (key, name, run) in chosen.Concat(chosen.Where(contender => contender.Key != "streamiz")))
        {
            (await run("seed-job-warm-up", warmUp)).Check(warmUp, name);
        }
        var cpu = chosen.Select(_ => new List<double>()).ToArray();
        var wall = chosen.Select(_ => new List<double>()).ToArray();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            var order = Enumerable.Range(0, chosen.Length).ToList();
            if (repetition % 2 == 1)
            {
                order.Reverse();
            }
            foreach (var index in order)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                var result = await chosen[index].Run("seed-job", data);
                wall[index].Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                process.Refresh();
                cpu[index].Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
                result.Check(data, chosen[index].Name);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{chosen[index].Key}: {cpu[index][^1]:F2} CPU-s, {wall[index][^1]:F2} s"));
            }
        }

        // A batch of a few records: the same job bounded to 1 record per partition and batch.
        var (_, small) = contenders.Contains("small")
            ? await EmberSeedJob.RunAsync(kafka.BootstrapServers, "seed-job-warm-up", Partitions * (long)smallBatches, recordsPerBatch: 1)
            : (null!, []);

        var report = new StringBuilder();
        report.AppendLine("# The seed's job end to end: Ember vs a hand-written Confluent.Kafka loop vs Streamiz.Kafka.Net");
        report.AppendLine();
        report.AppendLine($"- Command: `dotnet run -c Release --project bench/Ember.Kafka.Benchmarks -- seedjob {string.Join(' ', args)}`");
        report.AppendLine($"- Date: {DateTime.Now:yyyy-MM-dd HH:mm}; machine: {ConsumeContenders.Machine()}; load average {ConsumeContenders.LoadAverage()} at the end");
        report.AppendLine($"- Data: {records:N0} messages `\"<source> <value>\"` (1 in 50 malformed) from {sources} sources, keyed by source, {Partitions} partitions (source mod {Partitions}), on the embedded broker (librdkafka's mock cluster, in this process); each record's timestamp is the second of the Ember batch that reads it ({recordsPerBatch:N0} offsets per partition and batch: {data.Batches} batches); windows of {SeedJobData.WindowBatches} s sliding every {SeedJobData.SlideBatches} s (the example's 5 min / 1 min over 10 s batches)");
        report.AppendLine($"- Every run reads the whole topic and is checked against the producer's own figures: final total per source, malformed count, and every window average it emitted (for exactly the sources with readings in it)");
        report.AppendLine($"- Procedure: warm-up runs on a smaller topic (Ember and the floor twice, Streamiz once), then {repetitions} repetitions in alternating order (A B C, C B A, ...). CPU is the whole process's (all threads, the in-process broker's included), from the contender's start to its end (starting and stopping included)");
        report.AppendLine();
        report.AppendLine("| Contender | Median CPU | Records per CPU-second | vs floor (median of per-run ratios) | Median wall time |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        var floor = Array.FindIndex(chosen, contender => contender.Key == "floor");
        for (var i = 0; i < chosen.Length; i++)
        {
            var ratio = floor < 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{Median([.. cpu[floor].Zip(cpu[i], (f, c) => f / c)]):F3}×");
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {chosen[i].Name} | {Median(cpu[i]):F2} s | {records / Median(cpu[i]):N0} | {ratio} | {Median(wall[i]):F2} s |"));
        }
        report.AppendLine();
        if (small.Count > 0)
        {
            // The first 10% left out: the first batches JIT-compile the small-batch paths and open the consumers.
            var warm = small.Skip(small.Count / 10).ToList();
            var wallTimes = warm.Select(batch => batch.Wall.TotalMilliseconds).Order().ToList();
            var cpuTimes = warm.Select(batch => batch.Cpu.TotalMilliseconds).Order().ToList();
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Ember batch of a few records ({Partitions} per batch, 1 per partition, same job, {small.Count} batches back to back, the first 10% left out): wall from the clock's tick to the batch's end p50 {wallTimes[wallTimes.Count / 2]:F2} ms, p90 {wallTimes[wallTimes.Count * 9 / 10]:F2} ms; process CPU meanwhile p50 {cpuTimes[cpuTimes.Count / 2]:F2} ms, mean {cpuTimes.Average():F2} ms (every 10th batch checkpoints the state)."));
            report.AppendLine();
        }
        return report.ToString();
    }

    private static long Positive(string value, string name) =>
        long.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : throw new ArgumentException($"{name} needs a positive whole number.");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ember.Kafka.Benchmarks;
using Ember.Kafka.Benchmarks.SeedJob;
using Ember.Streaming.Kafka;

// dotnet run -c Release --project bench/Ember.Kafka.Benchmarks -- seedjob [--records N --records-per-batch N --repetitions N ...]
// The seed's job end to end (SeedJob/SeedJobBenchmark.cs): Ember against a hand-written loop and Streamiz.
if (args is ["seedjob", ..])
{
    var seedJob = await SeedJobBenchmark.RunAsync(args[1..]);
    Console.WriteLine(seedJob);
    var seedJobPath = Path.Combine(RepositoryRoot(), "bench", "results", $"{DateTime.Now:yyyy-MM-dd}-seedjob.md");
    await File.WriteAllTextAsync(seedJobPath, seedJob);
    Console.WriteLine($"Written to {seedJobPath}");
    return 0;
}

// dotnet run -c Release --project bench/Ember.Kafka.Benchmarks [-- --records-per-partition N --repetitions N --records-per-batch N]
// Consumed records/s: Ember's direct stream reading one big batch (with and without the consumer cache) against a
// bare Confluent.Kafka consume loop reading the same offsets, then a running stream of small batches with and
// without the consumer cache; all on the embedded broker, in alternating order in one run.
var recordsPerPartition = 25_000;
var repetitions = 5;
var recordsPerBatch = 250;
for (var i = 0; i < args.Length; i += 2)
{
    var value = i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var parsed) && parsed > 0
        ? parsed : throw new ArgumentException($"{args[i]} needs a positive whole number.");
    switch (args[i])
    {
        case "--records-per-partition": recordsPerPartition = value; break;
        case "--repetitions": repetitions = value; break;
        case "--records-per-batch": recordsPerBatch = value; break;
        default: throw new ArgumentException($"Unknown argument '{args[i]}'; use --records-per-partition N, --repetitions N or --records-per-batch N.");
    }
}

const int Partitions = 4;
const int Threads = 2;
const string Topic = "consume-benchmark";
await using var kafka = await EmbeddedKafka.StartAsync();
await kafka.CreateTopicAsync(Topic, Partitions);
await ConsumeContenders.ProduceAsync(kafka.BootstrapServers, Topic, Partitions, recordsPerPartition);
var total = (long)recordsPerPartition * Partitions;

// One big batch: each run counts the same batch's RDD again.
var (cached, uncached, context) = await ConsumeContenders.EmberBatchesAsync(kafka.BootstrapServers, Topic, Threads);
(string Name, Func<Task<TimeSpan>> Run)[] bigBatch =
[
    ("Bare Confluent.Kafka consume loop (2 threads, 1 assigned consumer per partition)", () => Timed(() => ConsumeContenders.BareLoop(kafka.BootstrapServers, Topic, Partitions, recordsPerPartition, Threads))),
    ("Ember direct stream, one batch's RDD counted on local[2], consumer cache on (default)", () => Timed(() => cached.Count())),
    ("Ember direct stream, one batch's RDD counted on local[2], consumer cache off (a consumer per read)", () => Timed(() => uncached.Count())),
];
var bigTimes = await MeasureAsync(bigBatch);
await context.DisposeAsync();

// Small batches: a running stream, each run from a fresh context; only the batches are timed.
var batches = (recordsPerPartition + recordsPerBatch - 1) / recordsPerBatch;
(string Name, Func<Task<TimeSpan>> Run)[] smallBatches =
[
    ($"Ember direct stream, {batches} batches of {recordsPerBatch} records per partition, consumer cache on (default)", () => SmallAsync(cacheConsumers: true)),
    ($"Ember direct stream, {batches} batches of {recordsPerBatch} records per partition, consumer cache off", () => SmallAsync(cacheConsumers: false)),
];
var smallTimes = await MeasureAsync(smallBatches);

var report = new StringBuilder();
report.AppendLine("# Kafka consumption: Ember's direct stream with and without the consumer cache, vs a bare Confluent.Kafka consume loop");
report.AppendLine();
report.AppendLine($"- Command: `dotnet run -c Release --project bench/Ember.Kafka.Benchmarks -- {string.Join(' ', args)}`");
report.AppendLine($"- Date: {DateTime.Now:yyyy-MM-dd HH:mm}; machine: {ConsumeContenders.Machine()}; load average {ConsumeContenders.LoadAverage()} (other jobs shared the machine)");
report.AppendLine($"- Data: {Partitions} partitions × {recordsPerPartition:N0} records of 100 bytes on the embedded broker (librdkafka's mock cluster, in this process); every run reads all {total:N0} and checks the count");
report.AppendLine($"- Procedure: one warm-up run each, then {repetitions} repetitions per table in rotating order. Big batch: each run counts the RDD of one batch of a running direct stream (all offsets of every partition) again, with new tasks, as a replay would; a cached consumer stopped at the end of its range, so a re-read from the start replaces it with a new one (a seek would wait out its pending long-poll fetch): both variants build a consumer per read here, as the bare loop does, and their difference is noise. Small batches: a running stream bounded to {recordsPerBatch} offsets per partition and batch, {batches} batches driven by a fake clock back to back; starting and stopping the context are not timed");
report.AppendLine();
Table("One big batch", bigBatch.Select(c => c.Name).ToList(), bigTimes, baseline: 0);
Table("Small batches", smallBatches.Select(c => c.Name).ToList(), smallTimes, baseline: 0);
report.AppendLine("Cache off ÷ cache on, median time ratio (above 1: the cache is faster):");
report.AppendLine();
report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- one big batch: {Median(Ratios(bigTimes[2], bigTimes[1])):F2}× ({Ratios(bigTimes[2], bigTimes[1]).Min():F2}–{Ratios(bigTimes[2], bigTimes[1]).Max():F2})"));
report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- small batches: {Median(Ratios(smallTimes[1], smallTimes[0])):F2}× ({Ratios(smallTimes[1], smallTimes[0]).Min():F2}–{Ratios(smallTimes[1], smallTimes[0]).Max():F2})"));
var markdown = report.ToString();
Console.WriteLine(markdown);
var results = Path.Combine(RepositoryRoot(), "bench", "results");
Directory.CreateDirectory(results);
var path = Path.Combine(results, $"{DateTime.Now:yyyy-MM-dd}-kafka.md");
await File.WriteAllTextAsync(path, markdown);
Console.WriteLine($"Written to {path}");
return 0;

async Task<TimeSpan> SmallAsync(bool cacheConsumers)
{
    var (read, elapsed) = await ConsumeContenders.SmallBatchesAsync(kafka.BootstrapServers, Topic, Threads, recordsPerBatch, total, cacheConsumers);
    Check(read, total);
    return elapsed;
}

async Task<List<double>[]> MeasureAsync((string Name, Func<Task<TimeSpan>> Run)[] contenders)
{
    var times = contenders.Select(_ => new List<double>()).ToArray();
    foreach (var (_, run) in contenders)
    {
        await run();
    }
    for (var repetition = 0; repetition < repetitions; repetition++)
    {
        foreach (var index in Enumerable.Range(0, contenders.Length).Select(i => (i + repetition) % contenders.Length))
        {
            GC.Collect();
            times[index].Add((await contenders[index].Run()).TotalSeconds);
        }
    }
    return times;
}

void Table(string title, IReadOnlyList<string> names, List<double>[] times, int baseline)
{
    report.AppendLine($"## {title}");
    report.AppendLine();
    report.AppendLine($"| Contender | Median time | Records/s | Records/s per partition | Time vs first row, median (min–max) |");
    report.AppendLine("|---|---:|---:|---:|---:|");
    for (var i = 0; i < names.Count; i++)
    {
        var median = Median(times[i]);
        var ratios = Ratios(times[i], times[baseline]);
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {names[i]} | {median:F3} s | {total / median:N0} | {total / median / Partitions:N0} | {Median(ratios):F2}× ({ratios.Min():F2}–{ratios.Max():F2}) |"));
    }
    report.AppendLine();
}

Task<TimeSpan> Timed(Func<long> run)
{
    var stopwatch = Stopwatch.StartNew();
    Check(run(), total);
    return Task.FromResult(stopwatch.Elapsed);
}

static List<double> Ratios(List<double> times, List<double> baseline) => [.. times.Zip(baseline, (mine, other) => mine / other)];

static void Check(long read, long expected)
{
    if (read != expected)
    {
        throw new InvalidOperationException($"A contender read {read:N0} records instead of {expected:N0}.");
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string RepositoryRoot()
{
    var directory = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(directory, "Ember.slnx")))
    {
        directory = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory)) ?? throw new InvalidOperationException("Run from inside the repository.");
    }
    return directory;
}

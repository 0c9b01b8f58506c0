using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Ember.Kafka.Benchmarks;
using Ember.Streaming.Kafka;

// dotnet run -c Release --project bench/Ember.Kafka.Benchmarks [-- --records-per-partition N --repetitions N]
// Consumed records/s per partition: Ember's direct stream reading one batch against a bare Confluent.Kafka consume
// loop reading the same offsets, both on the embedded broker, in alternating order in one run.
var recordsPerPartition = 25_000;
var repetitions = 5;
for (var i = 0; i < args.Length; i += 2)
{
    var value = i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var parsed) && parsed > 0
        ? parsed : throw new ArgumentException($"{args[i]} needs a positive whole number.");
    switch (args[i])
    {
        case "--records-per-partition": recordsPerPartition = value; break;
        case "--repetitions": repetitions = value; break;
        default: throw new ArgumentException($"Unknown argument '{args[i]}'; use --records-per-partition N or --repetitions N.");
    }
}

const int Partitions = 4;
const int Threads = 2;
const string Topic = "consume-benchmark";
await using var kafka = await EmbeddedKafka.StartAsync();
await kafka.CreateTopicAsync(Topic, Partitions);
await ConsumeContenders.ProduceAsync(kafka.BootstrapServers, Topic, Partitions, recordsPerPartition);
var total = (long)recordsPerPartition * Partitions;

var (batch, context) = await ConsumeContenders.EmberBatchAsync(kafka.BootstrapServers, Topic, Threads);
await using var stopContext = context;
(string Name, Func<long> Run)[] contenders =
[
    ("Bare Confluent.Kafka consume loop (2 threads, 1 assigned consumer per partition)", () => ConsumeContenders.BareLoop(kafka.BootstrapServers, Topic, Partitions, recordsPerPartition, Threads)),
    ("Ember direct stream: a batch's RDD counted on local[2] (1 task and consumer per partition)", () => batch.Count()),
];
var times = contenders.Select(_ => new List<double>()).ToArray();
foreach (var (_, run) in contenders)
{
    Check(run(), total);
}
for (var repetition = 0; repetition < repetitions; repetition++)
{
    var order = repetition % 2 == 0 ? new[] { 0, 1 } : [1, 0];
    foreach (var index in order)
    {
        GC.Collect();
        var stopwatch = Stopwatch.StartNew();
        Check(contenders[index].Run(), total);
        times[index].Add(stopwatch.Elapsed.TotalSeconds);
    }
}

var report = new StringBuilder();
report.AppendLine("# Kafka consumption: Ember's direct stream vs a bare Confluent.Kafka consume loop");
report.AppendLine();
report.AppendLine($"- Command: `dotnet run -c Release --project bench/Ember.Kafka.Benchmarks -- {string.Join(' ', args)}`");
report.AppendLine($"- Date: {DateTime.Now:yyyy-MM-dd HH:mm}; machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; load average {ConsumeContenders.LoadAverage()}");
report.AppendLine($"- Data: {Partitions} partitions × {recordsPerPartition:N0} records of 100 bytes on the embedded broker (librdkafka's mock cluster, in this process); every run reads all {total:N0} and checks the count");
report.AppendLine($"- Procedure: one warm-up run each, then {repetitions} repetitions in alternating order (A B, B A, ...). Ember's run counts the RDD of one batch of a running direct stream (all offsets of every partition), so each run reads the same ranges again with new tasks and consumers, as the bare loop builds its consumers each run; starting the streaming context and cutting the batch are not timed");
report.AppendLine();
report.AppendLine("| Contender | Median time | Records/s | Records/s per partition | Time vs bare loop, median (min–max) |");
report.AppendLine("|---|---:|---:|---:|---:|");
for (var i = 0; i < contenders.Length; i++)
{
    var median = Median(times[i]);
    var ratios = times[i].Zip(times[0], (mine, bare) => mine / bare).ToList();
    report.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| {contenders[i].Name} | {median:F3} s | {total / median:N0} | {total / median / Partitions:N0} | {Median(ratios):F2}× ({ratios.Min():F2}–{ratios.Max():F2}) |"));
}
var markdown = report.ToString();
Console.WriteLine(markdown);
var results = Path.Combine(RepositoryRoot(), "bench", "results");
Directory.CreateDirectory(results);
var path = Path.Combine(results, $"{DateTime.Now:yyyy-MM-dd}-kafka.md");
await File.WriteAllTextAsync(path, markdown);
Console.WriteLine($"Written to {path}");
return 0;

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

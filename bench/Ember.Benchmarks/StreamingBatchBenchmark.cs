using System.Diagnostics;
using System.Text;
using Ember.Benchmarks.SideBySide;
using Ember.Streaming;

namespace Ember.Benchmarks;

/// <summary>
/// The cost of one streaming batch, from the tick that generates it to its completion, on a fake clock so batches run
/// back to back: an empty batch (the engine's fixed overhead per batch) and a 100,000-line word count batch, against a
/// hand-written loop counting the same lines.
/// </summary>
internal static class StreamingBatchBenchmark
{
    private const int Lines = 100_000;
    private const int WarmUp = 5;

    public static string Run(int batches)
    {
        var lines = WordCountLines(Lines);
        var empty = QueuedBatchLatencies.Measure<string>(nameof(StreamingBatchBenchmark), [], stream => stream.Count().ForEachRdd(rdd => rdd.Collect()), batches, WarmUp);
        var wordCount = QueuedBatchLatencies.Measure(nameof(StreamingBatchBenchmark), lines,
            stream => stream.FlatMap(line => line.Split(' ')).Map(word => (word, 1)).ReduceByKey((a, b) => a + b).ForEachRdd(rdd => rdd.Collect()), batches, WarmUp);
        var loop = Enumerable.Range(0, batches).Select(_ => Time(() => HandWritten(lines))).ToList();

        var text = new StringBuilder();
        text.AppendLine("# One streaming batch: fixed overhead and a 100,000-line word count");
        text.AppendLine();
        text.AppendLine($"- Command: `dotnet run -c Release --project bench/Ember.Benchmarks -- streaming --batches {batches}`; {Environment.ProcessorCount} logical cores; Ember on local[2], batches of 1 s on a fake clock, run back to back");
        text.AppendLine("- Latency: from the clock tick that generates the batch to the listener's batch-completed event (generation, scheduling, jobs, bookkeeping)");
        text.AppendLine($"- Word count: {Lines:N0} lines of 5 words over 10,000 words; `FlatMap(Split).Map((w, 1)).ReduceByKey(+).ForEachRdd(Collect)`; the hand-written loop counts the same lines into a Dictionary on one thread");
        text.AppendLine();
        text.AppendLine("| Workload | p50 | p99 | max |");
        text.AppendLine("|---|---:|---:|---:|");
        text.AppendLine(Row("Empty batch (Count, then Collect in ForEachRdd)", empty));
        text.AppendLine(Row("Word count batch, Ember local[2]", wordCount));
        text.AppendLine(Row("Word count, hand-written loop", loop));
        text.AppendLine();
        text.AppendLine($"Ember / hand-written (p50): {Statistics.Percentile(wordCount, 0.5) / Statistics.Percentile(loop, 0.5):F2}");
        return text.ToString();
    }

    private static Dictionary<string, int> HandWritten(IReadOnlyList<string> lines)
    {
        var counts = new Dictionary<string, int>();
        foreach (var line in lines)
        {
            foreach (var word in line.Split(' '))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }
        return counts;
    }

    private static double Time(Func<object> action)
    {
        var stopwatch = Stopwatch.StartNew();
        GC.KeepAlive(action());
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static string[] WordCountLines(int count)
    {
        var random = new Random(42);
        return [.. Enumerable.Range(0, count).Select(_ => string.Join(' ', Enumerable.Range(0, 5).Select(_ => $"w{random.Next(10_000)}")))];
    }

    private static string Row(string name, List<double> millis) =>
        $"| {name} | {Statistics.Percentile(millis, 0.5):F1} ms | {Statistics.Percentile(millis, 0.99):F1} ms | {millis.Max():F1} ms |";
}

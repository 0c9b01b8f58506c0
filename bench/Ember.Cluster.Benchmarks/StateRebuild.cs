using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ember.Streaming;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Cluster.Benchmarks;

/// <summary>
/// Issue 14's state rebuild: a stateful stream with 1 M keys on <c>local-cluster[2,1]</c> (4 state partitions, a
/// snapshot every 4 batches) loses an executor (SIGKILL) between batches; the next batch rebuilds the lost partitions
/// from the snapshot's part files plus the 2 batches since, then runs. Measured: from the kill until that batch
/// completed, against the batch before it (no loss). Batches are driven by a fake clock, so a batch starts when the
/// benchmark says, never late because of the previous one.
/// </summary>
internal static class StateRebuild
{
    public const string Title = "State rebuild";
    private const int Keys = 1_000_000;
    private const int UpdatesPerBatch = 20_000;
    private const int Partitions = 4;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>One run: the batch times in seconds, by batch, and the rebuild measured from the kill.</summary>
    public sealed record Run(string Operator, IReadOnlyList<double> BatchSeconds, double KillToCompleted, long Checked);

    public static IReadOnlyList<Run> Measure(int repetitions)
    {
        var runs = new List<Run>();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            foreach (var name in repetition % 2 == 0 ? new[] { "MapWithState", "UpdateStateByKey" } : ["UpdateStateByKey", "MapWithState"])
            {
                runs.Add(RunOnce(name));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Title}: {name}, batches {string.Join(", ", runs[^1].BatchSeconds.Select(seconds => seconds.ToString("0.00", CultureInfo.InvariantCulture)))} s, kill to completed {runs[^1].KillToCompleted:0.00} s"));
            }
        }
        return runs;
    }

    private static Run RunOnce(string name)
    {
        var checkpoint = Path.Combine(Path.GetTempPath(), $"ember-bench-state-{Guid.NewGuid():N}");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var completed = new CompletionListener();
        var counts = new ConcurrentDictionary<Time, long>();
        try
        {
            using var ember = new EmberContext(new EmberOptions { Master = "local-cluster[2,1]", AppName = "state-rebuild" });
            var context = new StreamingContext(ember, Interval, new StreamingOptions { TimeProvider = clock });
            context.Checkpoint(checkpoint);
            var queue = new ConcurrentQueue<Rdd<(int Key, long Value)>>();
            for (var batch = 0; batch < 8; batch++)
            {
                queue.Enqueue(Input(ember, batch));
            }
            var pairs = context.QueueStream(queue);
            DStream<long> sizes;
            if (name == "MapWithState")
            {
                var sums = pairs.MapWithState<int, long, long>((_, value, sum) =>
                {
                    var total = sum.GetOption().GetValueOrDefault(0) + value.GetValueOrDefault(0);
                    sum.Update(total);
                    return total;
                }, partitions: Partitions);
                sums.Checkpoint(Interval * 4);
                sizes = sums.StateSnapshots().Map(pair => pair.Value);
            }
            else
            {
                sizes = pairs.UpdateStateByKey<int, long>((values, sum) => Option.Some(sum.GetValueOrDefault(0) + values.Sum()), partitions: Partitions)
                    .Checkpoint(Interval * 4).Map(pair => pair.Value);
            }
            sizes.ForEachRdd((rdd, time) => counts[time] = rdd.Fold(0L, (a, b) => a + b));
            context.AddStreamingListener(completed);
            context.Start();
            var seconds = new List<double>();
            var killToCompleted = 0.0;
            // Batches 0-3 load the keys; the snapshot follows batch 3; batches 4 and 5 run on it; the kill precedes batch 6.
            for (var batch = 0; batch < 7; batch++)
            {
                var sinceKill = Stopwatch.StartNew();
                if (batch == 6)
                {
                    Kill(FirstExecutor());
                }
                var elapsed = Stopwatch.StartNew();
                clock.Advance(Interval);
                completed.WaitFor(context.StartTime!.Value + Interval * batch, TimeSpan.FromMinutes(5));
                seconds.Add(elapsed.Elapsed.TotalSeconds);
                if (batch == 6)
                {
                    killToCompleted = sinceKill.Elapsed.TotalSeconds;
                }
            }
            var total = counts[context.StartTime!.Value + Interval * 6];
            context.StopAsync().GetAwaiter().GetResult();
            var expected = Enumerable.Range(0, 7).Sum(batch => (long)(batch < 4 ? Keys / 4 : UpdatesPerBatch));
            if (total != expected)
            {
                throw new InvalidOperationException($"{name}: the state sums to {total} after the rebuild, not {expected}.");
            }
            return new Run(name, seconds, killToCompleted, total);
        }
        finally
        {
            if (Directory.Exists(checkpoint))
            {
                Directory.Delete(checkpoint, recursive: true);
            }
        }
    }

    /// <summary>Batches 0-3 bring a quarter of the keys each (value 1); later ones 20,000 keys already there (value 1).</summary>
    private static Rdd<(int Key, long Value)> Input(EmberContext ember, int batch) =>
        ember.Parallelize(Enumerable.Range(0, Partitions), Partitions).FlatMap(slice => Slice(batch, slice));

    private static IEnumerable<(int Key, long Value)> Slice(int batch, int slice)
    {
        var count = batch < 4 ? Keys / 4 / Partitions : UpdatesPerBatch / Partitions;
        for (var i = 0; i < count; i++)
        {
            var index = slice * count + i;
            yield return (batch < 4 ? batch * (Keys / 4) + index : (int)((index * 48_271L + batch * 7_919L) % Keys), 1L);
        }
    }

    /// <summary>The executor process started first: the child of this process with the lowest id.</summary>
    private static int FirstExecutor() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(name => (Pid: int.Parse(name!, CultureInfo.InvariantCulture), Parent: Parent(name!)))
            .Where(process => process.Parent == Environment.ProcessId)
            .Select(process => process.Pid)
            .Min();

    private static int Parent(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static void Kill(int pid) => Process.GetProcessById(pid).Kill();

    public static string Report(IReadOnlyList<Run> runs)
    {
        var text = new StringBuilder();
        text.AppendLine($"## {Title}");
        text.AppendLine();
        text.AppendLine($"{Keys:N0} keys (long sums) in {Partitions} state partitions on local-cluster[2,1], batches of 1 s on a fake clock (each starts when the " +
                        $"previous one completed): batches 0–3 bring 250,000 new keys each, later ones update {UpdatesPerBatch:N0} existing keys; a snapshot " +
                        "follows batch 3; executor 0 is killed (SIGKILL) just before batch 6, whose lost state partitions are rebuilt from the snapshot's part " +
                        "files plus batches 4 and 5. Every run checks the state's sum after batch 6. The document's procedure line does not apply here: " +
                        "each run is one sequence of batches in a fresh cluster (batches 0–3 warm the executors up), the operators alternate run by run, " +
                        "and ratios are taken run by run (median). The kill-to-completed time includes noticing the loss (the executor's process ends; " +
                        "its running tasks fail over), the rebuild and the batch itself.");
        text.AppendLine();
        text.AppendLine("| Operator | Batch 5 (no loss) | Batch 6 (after the kill: detection, rebuild, batch) | Kill to batch 6 completed | Rebuild batch over batch 5 |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var group in runs.GroupBy(run => run.Operator))
        {
            var normal = Median(group.Select(run => run.BatchSeconds[5]));
            var rebuilt = Median(group.Select(run => run.BatchSeconds[6]));
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {normal:0.00} s | {rebuilt:0.00} s | {Median(group.Select(run => run.KillToCompleted)):0.00} s ({Range(group.Select(run => run.KillToCompleted))}) | {Median(group.Select(run => run.BatchSeconds[6] / run.BatchSeconds[5])):0.0}× |"));
        }
        text.AppendLine();
        foreach (var run in runs)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {run.Operator}: batches 0–6 took {string.Join(", ", run.BatchSeconds.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)))} s"));
        }
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Range(IEnumerable<double> values) =>
        string.Create(CultureInfo.InvariantCulture, $"{values.Min():0.00}–{values.Max():0.00} s");

    private sealed class CompletionListener : IStreamingListener
    {
        private readonly ConcurrentDictionary<Time, TaskCompletionSource> batches = new();

        public void OnBatchCompleted(BatchInfo batch) => Completion(batch.BatchTime).TrySetResult();

        public void WaitFor(Time time, TimeSpan timeout) => Completion(time).Task.WaitAsync(timeout).GetAwaiter().GetResult();

        private TaskCompletionSource Completion(Time time) =>
            batches.GetOrAdd(time, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}

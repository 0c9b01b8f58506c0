using System.Diagnostics;
using Ember.Cluster.Scheduling;
using Ember.Streaming;
using Ember.Streaming.Listener;

namespace Ember.Cluster.Benchmarks.Streaming;

/// <summary>
/// What losing an executor costs the main job: on <c>local-cluster[2,1]</c>, records flow into Kafka at a steady
/// rate, the job runs in 1 s batches, and executor 1's process is SIGKILLed after <see cref="BatchesBeforeKill"/>
/// batches; every batch's delays are kept. The local-cluster master starts a replacement executor meanwhile.
/// </summary>
internal static class ExecutorLossDelay
{
    public const string Title = "Executor loss";
    public const int BatchesBeforeKill = 10;
    public const int BatchesAfterKill = 20;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>One batch as the listener saw it.</summary>
    public sealed record Batch(DateTimeOffset Time, long Records, TimeSpan SchedulingDelay, TimeSpan Processing, TimeSpan TotalDelay);

    /// <summary>The batches of the run, the kill's instant, and whether the final totals equal what was produced.</summary>
    public sealed record Result(IReadOnlyList<Batch> Batches, DateTimeOffset KilledAt, int RecordsPerSecond, bool TotalsExact);

    public static Result Run(int recordsPerSecond)
    {
        var topic = AnalyticsTopic.StartAsync().GetAwaiter().GetResult();
        var checkpoint = Directory.CreateTempSubdirectory("ember-bench-loss-").FullName;
        var ember = new EmberContext(new EmberOptions { Master = "local-cluster[2,1]", AppName = "executor-loss-bench" });
        var context = new StreamingContext(ember, Interval);
        using var producing = new CancellationTokenSource();
        try
        {
            var batches = new BatchLog();
            long total = 0;
            context.Checkpoint(checkpoint);
            AnalyticsJob.Build(context, topic.BootstrapServers, AnalyticsTopic.Topic, totals => Interlocked.Exchange(ref total, totals.Sum(pair => pair.Total)));
            context.AddStreamingListener(batches);
            var producer = Task.Run(() => Produce(topic, recordsPerSecond, producing.Token));
            context.Start();
            batches.WaitFor(BatchesBeforeKill);
            var victim = ((ClusterSchedulerBackend)ember.Backend).Resources.Executors!.Processes.First(process => process.ExecutorId == "1");
            var killedAt = DateTimeOffset.UtcNow;
            Process.GetProcessById(victim.ProcessId).Kill();
            batches.WaitFor(BatchesBeforeKill + BatchesAfterKill);
            producing.Cancel();
            producer.GetAwaiter().GetResult();
            // The last records produced reach a batch or two later: wait until the totals have them all.
            var deadline = Stopwatch.StartNew();
            while (Interlocked.Read(ref total) != topic.ValueSum && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                batches.WaitFor(batches.Count + 1);
            }
            return new Result(batches.All, killedAt, recordsPerSecond, Interlocked.Read(ref total) == topic.ValueSum);
        }
        finally
        {
            producing.Cancel();
            context.DisposeAsync().AsTask().GetAwaiter().GetResult();
            ember.Dispose();
            topic.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(checkpoint, recursive: true);
        }
    }

    /// <summary>Produces about <paramref name="perSecond"/> records a second, in tenths of a second, until cancelled.</summary>
    private static void Produce(AnalyticsTopic topic, int perSecond, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var tick = 1; !cancellationToken.IsCancellationRequested; tick++)
        {
            topic.Produce(perSecond / 10);
            var next = TimeSpan.FromMilliseconds(100 * tick) - clock.Elapsed;
            if (next > TimeSpan.Zero)
            {
                cancellationToken.WaitHandle.WaitOne(next);
            }
        }
    }

    private sealed class BatchLog : IStreamingListener
    {
        private readonly List<Batch> batches = [];

        public int Count
        {
            get
            {
                lock (batches)
                {
                    return batches.Count;
                }
            }
        }

        public IReadOnlyList<Batch> All
        {
            get
            {
                lock (batches)
                {
                    return [.. batches];
                }
            }
        }

        public void OnBatchCompleted(BatchInfo batch)
        {
            lock (batches)
            {
                batches.Add(new Batch(batch.BatchTime.ToDateTimeOffset(), batch.NumRecords, batch.SchedulingDelay ?? TimeSpan.Zero,
                    batch.ProcessingDelay ?? TimeSpan.Zero, batch.TotalDelay ?? TimeSpan.Zero));
                Monitor.PulseAll(batches);
            }
        }

        /// <summary>Waits until <paramref name="count"/> batches completed, at most 2 minutes (a stalled job fails the run).</summary>
        public void WaitFor(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            lock (batches)
            {
                while (batches.Count < count)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || !Monitor.Wait(batches, left) && batches.Count < count)
                    {
                        throw new TimeoutException($"{batches.Count} of {count} batches completed within 2 minutes.");
                    }
                }
            }
        }
    }
}

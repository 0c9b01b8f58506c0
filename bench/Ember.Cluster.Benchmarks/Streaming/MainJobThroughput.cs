using System.Diagnostics;
using Ember.Streaming;
using Ember.Streaming.Listener;

namespace Ember.Cluster.Benchmarks.Streaming;

/// <summary>
/// The main job's throughput with a CPU-heavy parse (<see cref="AnalyticsJob"/>) on one executor and on two: every
/// run reads the same pre-filled topic from the start, and its time is the sum of the processing times of the batches
/// that carried records (so batch alignment and the idle wait for the first batch are not on the clock).
/// </summary>
internal static class MainJobThroughput
{
    public const string Title = "Main job on 1 and 2 executors";
    public const string Metric = "records, CPU-heavy parse";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    public static SectionResult Run(int records, int repetitions)
    {
        var topic = AnalyticsTopic.StartAsync().GetAwaiter().GetResult();
        try
        {
            topic.Produce(records);
            Contender For(string master) => new(master, master, _ => { }, context => [Measure(context!, topic)]);
            return SectionRunner.Run(Title, [For("local[1]"), For("local-cluster[1,1]"), For("local-cluster[2,1]")], repetitions);
        }
        finally
        {
            topic.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public static string Describe(int records) =>
        $"realtimeanalytics' graph (Kafka direct stream of 4 partitions, parse, UpdateStateByKey totals, inverse ReduceByKeyAndWindow) " +
        $"over {records:N0} records read from the start, the parse running {AnalyticsJob.ParseIterations:N0} rounds of a hash loop per record; " +
        "time = the summed processing time of the batches that carried records; 1 s batches";

    private static Sample Measure(EmberContext ember, AnalyticsTopic topic)
    {
        var checkpoint = Directory.CreateTempSubdirectory("ember-bench-checkpoint-").FullName;
        try
        {
            var batches = new Batches(topic.Produced);
            long total = 0;
            var cpu = CpuClock.Now();
            var wall = Stopwatch.StartNew();
            var context = new StreamingContext(ember, TimeSpan.FromSeconds(1));
            try
            {
                context.Checkpoint(checkpoint);
                AnalyticsJob.Build(context, topic.BootstrapServers, AnalyticsTopic.Topic, totals => Interlocked.Exchange(ref total, totals.Sum(pair => pair.Total)));
                context.AddStreamingListener(batches);
                context.Start();
                if (!batches.AllRead.Wait(Deadline))
                {
                    throw new TimeoutException($"{batches.Records:N0} of {topic.Produced:N0} records processed within {Deadline}.");
                }
            }
            finally
            {
                context.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            wall.Stop();
            if (Interlocked.Read(ref total) != topic.ValueSum)
            {
                throw new InvalidOperationException($"The totals add up to {total:N0}; the records produced, to {topic.ValueSum:N0}.");
            }
            return new Sample(Metric, batches.Processing, CpuClock.Now(driverFirst: true).Since(cpu), topic.Produced, total);
        }
        finally
        {
            Directory.Delete(checkpoint, recursive: true);
        }
    }

    /// <summary>Sums the records and processing times of completed batches; signals once every record was processed.</summary>
    private sealed class Batches(long expected) : IStreamingListener
    {
        private readonly Lock gate = new();
        private long records;
        private TimeSpan processing;

        public ManualResetEventSlim AllRead { get; } = new();

        public long Records
        {
            get
            {
                lock (gate)
                {
                    return records;
                }
            }
        }

        public TimeSpan Processing
        {
            get
            {
                lock (gate)
                {
                    return processing;
                }
            }
        }

        public void OnBatchCompleted(BatchInfo batch)
        {
            lock (gate)
            {
                if (batch.NumRecords == 0)
                {
                    return;
                }
                records += batch.NumRecords;
                processing += batch.ProcessingDelay ?? TimeSpan.Zero;
                if (records >= expected)
                {
                    AllRead.Set();
                }
            }
        }
    }
}

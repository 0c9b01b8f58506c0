using System.Diagnostics;
using Ember.Listener;
using Ember.Streaming.Sources;

namespace Ember.Streaming.Kafka.Tests.Cluster;

/// <summary>
/// The direct stream on <c>local-cluster</c>: each topic-partition is read on the executor its location strategy
/// picks, batch after batch, and a batch whose executor dies mid-read completes on the survivor over exactly the
/// ranges it was allocated. Each test starts and stops its own executor processes (the assembly runs tests one at a
/// time); waits are deadlines, batches are driven by a fake clock.
/// </summary>
public sealed class DirectStreamOnClusterTests(KafkaFixture kafka) : IClassFixture<KafkaFixture>
{
    private const int Partitions = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly string[] Executors = ["0", "1"];

    [Fact]
    public async Task PreferConsistent_BatchAfterBatch_EachPartitionIsReadOnItsExecutorAndRecordsAreExact()
    {
        var topic = await BalancedTopicAsync();
        var tasks = new TaskEnds();
        var harness = await StartAsync("local-cluster[2,4]");
        try
        {
            harness.Ember.AddListener(tasks);
            var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()));
            harness.Collect(stream);
            harness.Context.Start();

            for (var batch = 0; batch < 3; batch++)
            {
                for (var partition = 0; partition < Partitions; partition++)
                {
                    await kafka.ProduceAsync(topic, partition, 3, firstIndex: batch * 3);
                }
                var (ranges, records) = await harness.RunBatchAsync(Deadline);

                Assert.Equal(Enumerable.Range(0, Partitions).Select(p => new OffsetRange(topic, p, batch * 3, batch * 3 + 3)), ranges);
                Assert.Equal(Expected(batch * 3, 3), records.Select(r => r.Value).Order());
            }
        }
        finally
        {
            await StopAsync(harness);
        }

        // Two jobs per batch (the harness collects each RDD twice), one task per range; task i reads partition i.
        var ends = tasks.All;
        Assert.Equal(3 * 2 * Partitions, ends.Count);
        Assert.All(ends, end => Assert.Equal(TaskEndStatus.Succeeded, end.Status));
        foreach (var byPartition in ends.GroupBy(end => end.PartitionId))
        {
            Assert.Equal([Home(topic, byPartition.Key)], byPartition.Select(end => end.ExecutorId).Distinct());
        }
        Assert.Equal(Executors, ends.Select(end => end.ExecutorId).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PreferFixed_EveryPartitionOnOneExecutor_IsReadThere()
    {
        var topic = await BalancedTopicAsync();
        var tasks = new TaskEnds();
        var harness = await StartAsync("local-cluster[2,4]");
        try
        {
            harness.Ember.AddListener(tasks);
            var fixedOn1 = Enumerable.Range(0, Partitions).ToDictionary(p => new Confluent.Kafka.TopicPartition(topic, p), _ => "1");
            var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()),
                new KafkaStreamOptions { Locations = LocationStrategy.PreferFixed(fixedOn1) });
            harness.Collect(stream);
            harness.Context.Start();
            for (var partition = 0; partition < Partitions; partition++)
            {
                await kafka.ProduceAsync(topic, partition, 2);
            }

            var (_, records) = await harness.RunBatchAsync(Deadline);

            Assert.Equal(Expected(0, 2), records.Select(r => r.Value).Order());
        }
        finally
        {
            await StopAsync(harness);
        }
        Assert.Equal(["1"], tasks.All.Select(end => end.ExecutorId).Distinct());
    }

    [Fact]
    public async Task SigKill_ExecutorWhileItsTasksRead_BatchCompletesOnTheSurvivorOverExactlyItsRanges()
    {
        var topic = await BalancedTopicAsync();
        for (var partition = 0; partition < Partitions; partition++)
        {
            await kafka.ProduceAsync(topic, partition, 20);
        }
        var gate = Path.Combine(Path.GetTempPath(), $"ember-kafka-gate-{Guid.NewGuid():N}");
        Directory.CreateDirectory(gate);
        var tasks = new TaskEnds();
        var harness = await StartAsync("local-cluster[2,1]");
        try
        {
            harness.Ember.AddListener(tasks);
            var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()));
            stream.ForEachRdd(rdd =>
            {
                var ranges = KafkaUtils.OffsetRangesOf(rdd);
                harness.Batches.Enqueue((ranges, HeldAfterFirstRecord(rdd, gate).Collect()));
            });
            harness.Context.Start();
            var batch = harness.RunBatchAsync(Deadline);

            // Both executors are mid-read (a consumer lent, a record out) when one of them dies.
            var readers = await WaitForReadersAsync(gate, count: 2);
            var victim = readers.Min();
            Process.GetProcessById(victim).Kill();
            File.WriteAllText(Path.Combine(gate, "open"), "");
            var (ranges, records) = await batch;

            Assert.Equal(Enumerable.Range(0, Partitions).Select(p => new OffsetRange(topic, p, 0, 20)), ranges);
            Assert.Equal(Expected(0, 20), records.Select(r => r.Value).Order());
            Assert.Equal(records.Count, records.Select(r => (r.Partition, r.Offset)).Distinct().Count());
        }
        finally
        {
            await StopAsync(harness);
            Directory.Delete(gate, recursive: true);
        }
        // The killed executor's reads were retried: every range ended in a successful task, some of them retries.
        var ends = tasks.All;
        Assert.Equal(Enumerable.Range(0, Partitions), ends.Where(end => end.Status == TaskEndStatus.Succeeded).Select(end => end.PartitionId).Order());
        Assert.Contains(ends, end => end is { Status: TaskEndStatus.Succeeded, Attempt: > 0 });
    }

    /// <summary>
    /// The RDD's records, each task stopping after its first record until the gate's <c>open</c> file exists, having
    /// left a file naming its process. A static method: the closure holds the directory only.
    /// </summary>
    private static Rdd<ConsumeRecord<string, string>> HeldAfterFirstRecord(Rdd<ConsumeRecord<string, string>> rdd, string gate) =>
        rdd.MapPartitions(records => HoldAfterFirst(records, gate));

    private static IEnumerable<ConsumeRecord<string, string>> HoldAfterFirst(IEnumerable<ConsumeRecord<string, string>> records, string gate)
    {
        var first = true;
        foreach (var record in records)
        {
            yield return record;
            if (first)
            {
                first = false;
                File.WriteAllText(Path.Combine(gate, $"reading.{Environment.ProcessId}.{Guid.NewGuid():N}"), "");
                var held = Stopwatch.StartNew();
                while (!File.Exists(Path.Combine(gate, "open")) && held.Elapsed < Deadline)
                {
                    Thread.Sleep(10);
                }
            }
        }
    }

    /// <summary>Waits for tasks of <paramref name="count"/> different processes to be held at the gate; their process ids.</summary>
    private static async Task<IReadOnlyList<int>> WaitForReadersAsync(string gate, int count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var readers = Directory.EnumerateFiles(gate, "reading.*").Select(path => int.Parse(Path.GetFileName(path).Split('.')[1])).Distinct().ToList();
            if (readers.Count >= count)
            {
                Assert.DoesNotContain(Environment.ProcessId, readers);
                return readers;
            }
            Assert.True(clock.Elapsed < Deadline, $"Only {readers.Count} executor(s) started reading within {Deadline}.");
            await Task.Delay(20);
        }
    }

    /// <summary>A new topic whose partitions <see cref="LocationStrategy.PreferConsistent"/> spreads two and two over executors 0 and 1.</summary>
    private async Task<string> BalancedTopicAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var topic = $"cluster-{attempt}-{Guid.NewGuid():N}";
            if (Enumerable.Range(0, Partitions).Count(p => Home(topic, p) == "0") == Partitions / 2)
            {
                await kafka.Kafka.CreateTopicAsync(topic, Partitions);
                return topic;
            }
        }
    }

    private static string Home(string topic, int partition) => PartitionPlacement.Consistent(LocationStrategy.KeyOf(topic, partition)).Resolve(Executors).Single();

    private static IEnumerable<string> Expected(int firstIndex, int count) =>
        Enumerable.Range(0, Partitions).SelectMany(p => Enumerable.Range(firstIndex, count).Select(i => $"p{p}-{i}")).Order();

    private static async Task<StreamHarness> StartAsync(string master) =>
        await Task.Run(() => new StreamHarness(master: master)).WaitAsync(Deadline);

    private static async Task StopAsync(StreamHarness harness) => await Task.Run(async () => await harness.DisposeAsync()).WaitAsync(Deadline);

    private sealed class TaskEnds : IEmberListener
    {
        private readonly List<TaskEndInfo> ends = [];

        public IReadOnlyList<TaskEndInfo> All
        {
            get
            {
                lock (ends)
                {
                    return [.. ends];
                }
            }
        }

        public void OnTaskEnd(TaskEndInfo task)
        {
            lock (ends)
            {
                ends.Add(task);
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Ember.Streaming.Listener;

namespace Ember.Streaming.Kafka.Tests;

/// <summary>What the direct stream does when the cluster misbehaves: brokers down, offsets out of range, topics appearing.</summary>
public sealed class DirectStreamFailureTests(KafkaFixture kafka) : IClassFixture<KafkaFixture>
{
    private static readonly KafkaStreamOptions FastRetries = new()
    {
        RetryBackoff = TimeSpan.FromMilliseconds(50),
        MetadataTimeout = TimeSpan.FromSeconds(1),
        PollTimeout = TimeSpan.FromMilliseconds(500),
    };

    private static OffsetRange R(string topic, int partition, long from, long until) => new(topic, partition, from, until);

    [Fact]
    public async Task CreateDirectStream_BrokerDownWhileCutting_BatchWaitsReportsAndReadsEveryRecordOnce()
    {
        await using var cluster = await EmbeddedKafka.StartAsync();
        var topic = "down-while-cutting";
        await cluster.CreateTopicAsync(topic, partitions: 2);
        await KafkaFixture.ProduceAsync(cluster.BootstrapServers, topic, 0, 5);
        await using var harness = new StreamHarness();
        var (stream, errors) = Subscribe(harness, cluster, topic, FastRetries);
        harness.Context.Start();
        var first = await harness.RunBatchAsync();
        Assert.Equal(5, first.Records.Count);
        await KafkaFixture.ProduceAsync(cluster.BootstrapServers, topic, 1, 3, firstIndex: 5);

        cluster.SetBrokerDown(1);
        // The fake clock fires the batch on the thread that advances it, and that batch now waits for the broker.
        var second = Task.Run(() => harness.RunBatchAsync());
        var error = await errors.First.Task.WaitAsync(StreamHarness.SafetyNet);
        Assert.False(second.IsCompleted);
        // Meanwhile checkpoints and listeners can still read the stream's allocations: the retry holds only the cut's own lock.
        var ranges = await Task.Run(() => stream.OffsetRangesAt(harness.Context.StartTime!.Value)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(first.Ranges, ranges);
        cluster.SetBrokerUp(1);
        var batch = await second.WaitAsync(StreamHarness.SafetyNet);

        Assert.Equal(stream.Id, error.StreamId);
        Assert.Contains("Cutting Kafka batch", error.Message);
        Assert.Equal(1, error.Attempt);
        Assert.Equal([R(topic, 0, 5, 5), R(topic, 1, 0, 3)], batch.Ranges);
        Assert.Equal(["p1-5", "p1-6", "p1-7"], batch.Records.OrderBy(r => r.Offset).Select(r => r.Value));
    }

    [Fact]
    public async Task KafkaReader_BrokerDownWhileReading_ReportsTheStallAndReadsTheWholeRange()
    {
        await using var cluster = await EmbeddedKafka.StartAsync();
        var topic = "down-while-reading";
        await cluster.CreateTopicAsync(topic, partitions: 1);
        await KafkaFixture.ProduceAsync(cluster.BootstrapServers, topic, 0, 4);
        await using var harness = new StreamHarness();
        var (stream, errors) = Subscribe(harness, cluster, topic, FastRetries);
        harness.Context.Start();
        var time = harness.Context.StartTime!.Value;
        await harness.RunBatchAsync();

        cluster.SetBrokerDown(1);
        var read = Task.Run(() => stream.GetOrCompute(time)!.Collect());
        var stall = await errors.First.Task.WaitAsync(StreamHarness.SafetyNet);
        Assert.False(read.IsCompleted);
        cluster.SetBrokerUp(1);
        var records = await read.WaitAsync(StreamHarness.SafetyNet);

        Assert.Contains($"{topic}-0 [0, 4)", stall.Message);
        Assert.Equal(["p0-0", "p0-1", "p0-2", "p0-3"], records.Select(r => r.Value));
    }

    [Fact]
    public async Task CreateDirectStream_RetryTimeoutPassed_FailsTheBatchNamingTheCause()
    {
        await using var cluster = await EmbeddedKafka.StartAsync();
        var topic = "down-for-good";
        await cluster.CreateTopicAsync(topic, partitions: 1);
        await using var harness = new StreamHarness();
        var options = FastRetries.Copy();
        options.RetryTimeout = TimeSpan.FromMilliseconds(300);
        Subscribe(harness, cluster, topic, options);
        cluster.SetBrokerDown(1);
        harness.Context.Start();

        var run = Task.Run(() => harness.RunBatchAsync());
        var error = await Assert.ThrowsAsync<StreamingJobException>(() => run.WaitAsync(StreamHarness.SafetyNet));
        Assert.Contains("longer than the retry timeout", error.InnerException!.Message);
    }

    [Theory]
    [InlineData(OffsetOutOfRangePolicy.ResetToEarliest, 0L)]
    [InlineData(OffsetOutOfRangePolicy.ResetToLatest, 5L)]
    public async Task CreateDirectStream_OffsetOutOfRangeWithResetPolicy_ContinuesFromThere(OffsetOutOfRangePolicy policy, long expectedStart)
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 0, 5);
        await using var harness = new StreamHarness();
        var partition = new TopicPartition(topic, 0);
        var stream = KafkaUtils.CreateDirectStream(harness.Context,
            ConsumerStrategies.Assign<string, string>([partition], kafka.ConsumerConfig(), new Dictionary<TopicPartition, long> { [partition] = 100 }),
            new KafkaStreamOptions { OnOffsetOutOfRange = policy });
        harness.Collect(stream);
        harness.Context.Start();

        var first = await harness.RunBatchAsync();
        Assert.Equal([R(topic, 0, expectedStart, 5)], first.Ranges);
        await kafka.ProduceAsync(topic, 0, 2, firstIndex: 5);
        Assert.Equal([R(topic, 0, 5, 7)], (await harness.RunBatchAsync()).Ranges);
    }

    [Fact]
    public async Task CreateDirectStream_SubscribePatternTopicCreatedWhileRunning_ReadFromItsStart()
    {
        var prefix = $"pattern-{Guid.NewGuid():N}";
        await kafka.Kafka.CreateTopicAsync($"{prefix}-a", partitions: 1);
        await kafka.ProduceAsync($"{prefix}-a", 0, 2);
        await using var harness = new StreamHarness();
        var stream = KafkaUtils.CreateDirectStream(harness.Context,
            ConsumerStrategies.SubscribePattern<string, string>(new Regex($"{prefix}-.*"), kafka.ConsumerConfig(reset: AutoOffsetReset.Latest)));
        harness.Collect(stream);
        harness.Context.Start();
        Assert.Equal([R($"{prefix}-a", 0, 2, 2)], (await harness.RunBatchAsync()).Ranges);

        await kafka.Kafka.CreateTopicAsync($"{prefix}-b", partitions: 3);
        await kafka.ProduceAsync($"{prefix}-b", 2, 4);
        var batch = await harness.RunBatchAsync();

        // Partitions found after the first batch start at their earliest offset, whatever auto.offset.reset says.
        Assert.Equal([R($"{prefix}-a", 0, 2, 2), R($"{prefix}-b", 0, 0, 0), R($"{prefix}-b", 1, 0, 0), R($"{prefix}-b", 2, 0, 4)], batch.Ranges);
        Assert.Equal(4, batch.Records.Count);
    }

    [Fact]
    public async Task CreateDirectStream_BatchInfo_CarriesOffsetsAndLagPerPartition()
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 0, 5);
        await using var harness = new StreamHarness();
        var batches = new ConcurrentQueue<BatchInfo>();
        harness.Context.AddStreamingListener(new BatchRecorder(batches));
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()),
            new KafkaStreamOptions { MaxRatePerPartition = 2 });
        harness.Collect(stream);
        harness.Context.Start();
        await harness.RunBatchAsync();
        await harness.Context.StopAsync(graceful: true);

        var input = Assert.Single(Assert.Single(batches).StreamIdToInputInfo.Values);
        Assert.Equal(2, input.NumRecords);
        Assert.Equal($"DirectKafkaStream stream {stream.Id}", input.Description);
        var first = input.Partitions[0];
        Assert.Equal(($"{topic}-0", 0L, 2L, 5L, 3L), (first.Partition, first.FromOffset, first.UntilOffset, first.LatestOffset, first.Lag));
        Assert.Equal(4, input.Partitions.Count);
    }

    [Fact]
    public async Task CreateDirectStream_TransactionalTopic_OffsetsOfMarkersSkipped()
    {
        var topic = await kafka.NewTopicAsync();
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, TransactionalId = $"tx-{topic}" }).Build())
        {
            producer.InitTransactions(TimeSpan.FromSeconds(10));
            foreach (var values in new[] { new[] { "a", "b" }, ["c"] })
            {
                producer.BeginTransaction();
                foreach (var value in values)
                {
                    await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<string, string> { Key = value, Value = value });
                }
                producer.CommitTransaction(TimeSpan.FromSeconds(10));
            }
        }
        await using var harness = new StreamHarness();
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()));
        harness.Collect(stream);
        harness.Context.Start();

        var batch = await harness.RunBatchAsync();

        // 3 records and 2 commit markers (offsets 2 and 4): the range covers 5 offsets and reads 3 records, and the
        // marker at its end does not make the read wait for a record that will never come.
        Assert.Equal(R(topic, 0, 0, 5), batch.Ranges[0]);
        Assert.Equal(["a", "b", "c"], batch.Records.Select(r => r.Value));
    }

    [Fact]
    public async Task GracefulStop_TickAfterTheStreamStopped_IsDroppedQuietly()
    {
        var topic = await kafka.NewTopicAsync();
        await using var harness = new StreamHarness();
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()));
        harness.Collect(stream);
        harness.Context.Start();
        await harness.RunBatchAsync();

        // A graceful stop stops its sources before the batch timer; a batch due in between is not cut (the generator
        // drops it quietly: the context ends without an error).
        await harness.Context.StopAsync(graceful: true);
        await harness.Context.AwaitTerminationAsync().WaitAsync(StreamHarness.SafetyNet);
        var next = harness.Context.StartTime!.Value + harness.BatchInterval;
        Assert.Throws<OperationCanceledException>(() => stream.GetOrCompute(next));
    }

    /// <summary>A direct stream on <paramref name="cluster"/> from its earliest offsets, collected by the harness, with a listener for its source errors.</summary>
    private static (DirectKafkaInputDStream<string, string> Stream, SourceErrors Errors) Subscribe(StreamHarness harness, EmbeddedKafka cluster, string topic, KafkaStreamOptions options)
    {
        var errors = new SourceErrors();
        harness.Context.AddStreamingListener(errors);
        var stream = KafkaUtils.CreateDirectStream(harness.Context,
            ConsumerStrategies.Subscribe<string, string>([topic], new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, AutoOffsetReset = AutoOffsetReset.Earliest }), options);
        harness.Collect(stream);
        return (stream, errors);
    }

    private sealed class SourceErrors : IStreamingListener
    {
        public TaskCompletionSource<InputSourceErrorInfo> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnInputSourceError(InputSourceErrorInfo error) => First.TrySetResult(error);
    }

    private sealed class BatchRecorder(ConcurrentQueue<BatchInfo> batches) : IStreamingListener
    {
        public void OnBatchCompleted(BatchInfo batch) => batches.Enqueue(batch);
    }
}

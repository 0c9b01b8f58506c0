using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Ember.Streaming.Listener;

namespace Ember.Streaming.Kafka.Tests;

public sealed class DirectStreamTests(KafkaFixture kafka) : IClassFixture<KafkaFixture>
{
    private static OffsetRange R(string topic, int partition, long from, long until) => new(topic, partition, from, until);

    [Fact]
    public async Task CreateDirectStream_Subscribe_ExactRangesPerBatch()
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 0, 3);
        await kafka.ProduceAsync(topic, 2, 5);
        await using var harness = new StreamHarness();
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()));
        harness.Collect(stream);
        harness.Context.Start();

        var first = await harness.RunBatchAsync();
        Assert.Equal([R(topic, 0, 0, 3), R(topic, 1, 0, 0), R(topic, 2, 0, 5), R(topic, 3, 0, 0)], first.Ranges);
        Assert.Equal(8, first.Records.Count);
        Assert.Equal(["p0-0", "p0-1", "p0-2"], first.Records.Where(r => r.Partition == 0).OrderBy(r => r.Offset).Select(r => r.Value));
        Assert.Equal(["p2-0", "p2-1", "p2-2", "p2-3", "p2-4"], first.Records.Where(r => r.Partition == 2).OrderBy(r => r.Offset).Select(r => r.Value));
        var sample = first.Records.Single(r => r is { Partition: 2, Offset: 4 });
        Assert.Equal(("k4", topic), (sample.Key, sample.Topic));
        Assert.Equal(new byte[] { 4 }, Assert.Single(sample.Headers).Value);

        await kafka.ProduceAsync(topic, 0, 2, firstIndex: 3);
        var second = await harness.RunBatchAsync();
        Assert.Equal([R(topic, 0, 3, 5), R(topic, 1, 0, 0), R(topic, 2, 5, 5), R(topic, 3, 0, 0)], second.Ranges);
        Assert.Equal(["p0-3", "p0-4"], second.Records.OrderBy(r => r.Offset).Select(r => r.Value));

        var third = await harness.RunBatchAsync();
        Assert.Equal([R(topic, 0, 5, 5), R(topic, 1, 0, 0), R(topic, 2, 5, 5), R(topic, 3, 0, 0)], third.Ranges);
        Assert.Empty(third.Records);
    }

    [Fact]
    public async Task CreateDirectStream_MaxRatePerPartition_BoundsEachBatch()
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 0, 5);
        await kafka.ProduceAsync(topic, 1, 1);
        await using var harness = new StreamHarness(TimeSpan.FromSeconds(2));
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()),
            new KafkaStreamOptions { MaxRatePerPartition = 1 });
        harness.Collect(stream);
        harness.Context.Start();

        // 1 record/s × 2 s = 2 offsets per partition and batch.
        Assert.Equal([R(topic, 0, 0, 2), R(topic, 1, 0, 1), R(topic, 2, 0, 0), R(topic, 3, 0, 0)], (await harness.RunBatchAsync()).Ranges);
        Assert.Equal([R(topic, 0, 2, 4), R(topic, 1, 1, 1), R(topic, 2, 0, 0), R(topic, 3, 0, 0)], (await harness.RunBatchAsync()).Ranges);
        var last = await harness.RunBatchAsync();
        Assert.Equal([R(topic, 0, 4, 5), R(topic, 1, 1, 1), R(topic, 2, 0, 0), R(topic, 3, 0, 0)], last.Ranges);
        Assert.Equal(["p0-4"], last.Records.Select(r => r.Value));
    }

    [Fact]
    public async Task CreateDirectStream_RddReadTwiceAndBatchAskedAgain_SameRecords()
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 1, 4);
        await using var harness = new StreamHarness();
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()));
        harness.Collect(stream); // throws when the two reads of an RDD differ
        harness.Context.Start();
        var batch = await harness.RunBatchAsync();
        await kafka.ProduceAsync(topic, 1, 3, firstIndex: 4);

        // A batch computed again (as after a failure) gets the same ranges, and a new RDD over them the same records.
        var time = harness.Context.StartTime!.Value;
        Assert.Equal(batch.Ranges, stream.OffsetRangesAt(time));
        var again = stream.GetOrCompute(time)!.Collect();
        Assert.Equal(batch.Records, again, StreamHarness.RecordComparer.Instance);
        Assert.Equal(4, again.Count);
    }

    [Fact]
    public async Task CommitAsync_AfterBatch_VisibleToGroupAndResumedFrom()
    {
        var topic = await kafka.NewTopicAsync();
        var group = $"group-{Guid.NewGuid():N}";
        await kafka.ProduceAsync(topic, 0, 3);
        await kafka.ProduceAsync(topic, 1, 2);
        await using (var harness = new StreamHarness())
        {
            var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig(group)));
            harness.Collect(stream, ranges => KafkaUtils.CommitAsync(stream, ranges).GetAwaiter().GetResult());
            harness.Context.Start();
            await harness.RunBatchAsync();
        }

        using (var consumer = new ConsumerBuilder<Ignore, Ignore>(kafka.ConsumerConfig(group)).Build())
        {
            var committed = consumer.Committed([.. Enumerable.Range(0, 4).Select(p => new TopicPartition(topic, p))], TimeSpan.FromSeconds(10));
            Assert.Equal([3L, 2L, 0L, 0L], committed.OrderBy(c => c.Partition.Value).Select(c => c.Offset.Value));
        }

        // A new stream of the same group starts where the commits are.
        await kafka.ProduceAsync(topic, 0, 1, firstIndex: 3);
        await using (var harness = new StreamHarness())
        {
            var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig(group)));
            harness.Collect(stream);
            harness.Context.Start();
            var batch = await harness.RunBatchAsync();
            Assert.Equal([R(topic, 0, 3, 4), R(topic, 1, 2, 2), R(topic, 2, 0, 0), R(topic, 3, 0, 0)], batch.Ranges);
            Assert.Equal(["p0-3"], batch.Records.Select(r => r.Value));
        }
    }

    [Fact]
    public async Task CreateDirectStream_AssignWithStartingOffsets_ReadsOnlyThosePartitionsFromThere()
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 0, 5);
        await kafka.ProduceAsync(topic, 1, 3);
        await kafka.ProduceAsync(topic, 2, 4);
        await using var harness = new StreamHarness();
        var p0 = new TopicPartition(topic, 0);
        var p1 = new TopicPartition(topic, 1);
        var stream = KafkaUtils.CreateDirectStream(harness.Context,
            ConsumerStrategies.Assign<string, string>([p1, p0], kafka.ConsumerConfig(reset: AutoOffsetReset.Latest), new Dictionary<TopicPartition, long> { [p0] = 2, [p1] = 0 }));
        harness.Collect(stream);
        harness.Context.Start();

        var batch = await harness.RunBatchAsync();
        Assert.Equal([R(topic, 0, 2, 5), R(topic, 1, 0, 3)], batch.Ranges);
        Assert.Equal(["p0-2", "p0-3", "p0-4", "p1-0", "p1-1", "p1-2"], batch.Records.Select(r => r.Value).Order());
    }

    [Fact]
    public async Task CreateDirectStream_LatestReset_SkipsWhatWasThere()
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 0, 3);
        await using var harness = new StreamHarness();
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig(reset: AutoOffsetReset.Latest)));
        harness.Collect(stream);
        harness.Context.Start();
        Assert.Equal([R(topic, 0, 3, 3), R(topic, 1, 0, 0), R(topic, 2, 0, 0), R(topic, 3, 0, 0)], (await harness.RunBatchAsync()).Ranges);
        await kafka.ProduceAsync(topic, 0, 1, firstIndex: 3);
        Assert.Equal(["p0-3"], (await harness.RunBatchAsync()).Records.Select(r => r.Value));
    }

    [Fact]
    public async Task CreateDirectStream_SubscribeToMissingTopic_EmptyBatchesReportedOnceThenTopicReadFromFirstOffset()
    {
        var topic = $"created-later-{Guid.NewGuid():N}";
        await using var harness = new StreamHarness();
        var errors = new SourceErrors();
        harness.Context.AddStreamingListener(errors);
        // Latest: a topic created after the stream started is still read from its first offset.
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig(reset: AutoOffsetReset.Latest)));
        harness.Collect(stream);
        harness.Context.Start();

        var first = await harness.RunBatchAsync();
        var second = await harness.RunBatchAsync();
        Assert.Empty(first.Ranges);
        Assert.Empty(second.Records);
        var error = Assert.Single(errors.All);
        Assert.Contains($"Topic '{topic}' does not exist yet", error.Message);

        await kafka.Kafka.CreateTopicAsync(topic, partitions: 2);
        await kafka.ProduceAsync(topic, 1, 3);
        var third = await harness.RunBatchAsync();

        Assert.Equal([R(topic, 0, 0, 0), R(topic, 1, 0, 3)], third.Ranges);
        Assert.Equal(["p1-0", "p1-1", "p1-2"], third.Records.Select(r => r.Value));
        Assert.Single(errors.All);
    }

    [Fact]
    public async Task CreateDirectStream_SubscribeToExistingAndMissingTopic_ReadsTheOneThatExists()
    {
        var existing = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(existing, 0, 2);
        var missing = $"missing-{Guid.NewGuid():N}";
        await using var harness = new StreamHarness();
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([existing, missing], kafka.ConsumerConfig()));
        harness.Collect(stream);
        harness.Context.Start();

        var batch = await harness.RunBatchAsync();

        Assert.Equal(["p0-0", "p0-1"], batch.Records.Select(r => r.Value));
        Assert.All(batch.Ranges, range => Assert.Equal(existing, range.Topic));
    }

    [Fact]
    public async Task CreateDirectStream_SubscribePatternMatchingNothing_EmptyBatchesReportedOnceThenNewTopicRead()
    {
        var prefix = $"later-{Guid.NewGuid():N}";
        await using var harness = new StreamHarness();
        var errors = new SourceErrors();
        harness.Context.AddStreamingListener(errors);
        var stream = KafkaUtils.CreateDirectStream(harness.Context,
            ConsumerStrategies.SubscribePattern<string, string>(new Regex($"{prefix}-.*"), kafka.ConsumerConfig(reset: AutoOffsetReset.Latest)));
        harness.Collect(stream);
        harness.Context.Start();

        Assert.Empty((await harness.RunBatchAsync()).Ranges);
        Assert.Empty((await harness.RunBatchAsync()).Ranges);
        Assert.Contains($"A topic matching '{prefix}-.*' does not exist yet", Assert.Single(errors.All).Message);

        await kafka.Kafka.CreateTopicAsync($"{prefix}-a", partitions: 1);
        await kafka.ProduceAsync($"{prefix}-a", 0, 2);

        Assert.Equal([R($"{prefix}-a", 0, 0, 2)], (await harness.RunBatchAsync()).Ranges);
        Assert.Single(errors.All);
    }

    [Fact]
    public async Task CreateDirectStream_AssignPartitionTheTopicLacks_FailsNamingIt()
    {
        var topic = await kafka.NewTopicAsync();
        var error = await FirstBatchErrorAsync(ConsumerStrategies.Assign<string, string>([new TopicPartition(topic, 0), new TopicPartition(topic, 7)], kafka.ConsumerConfig()));
        Assert.Contains($"Assigned partition 7 of topic '{topic}' does not exist: the topic has 4 partitions (0 to 3)", error);
    }

    [Fact]
    public async Task CreateDirectStream_AssignPartitionOfMissingTopic_FailsNamingIt()
    {
        var error = await FirstBatchErrorAsync(ConsumerStrategies.Assign<string, string>([new TopicPartition("no-such-topic", 1)], kafka.ConsumerConfig()));
        Assert.Contains("Assigned partition 1 of topic 'no-such-topic' does not exist: the topic does not exist", error);
    }

    [Fact]
    public async Task CreateDirectStream_StartingOffsetOutOfRange_FailsNamingPartitionAndOffsets()
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 0, 2);
        var p0 = new TopicPartition(topic, 0);
        var error = await FirstBatchErrorAsync(
            ConsumerStrategies.Assign<string, string>([p0], kafka.ConsumerConfig(), new Dictionary<TopicPartition, long> { [p0] = 7 }));
        Assert.Contains($"Offset 7 of topic '{topic}', partition 0 is out of range: the partition holds offsets 0 to 1", error);
    }

    [Fact]
    public async Task OffsetRangesOf_RddOfAnotherOperator_Throws()
    {
        var topic = await kafka.NewTopicAsync();
        await using var harness = new StreamHarness();
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()));
        harness.Collect(stream);
        harness.Context.Start();
        await harness.RunBatchAsync();
        var rdd = stream.GetOrCompute(harness.Context.StartTime!.Value)!;
        Assert.Equal(4, KafkaUtils.OffsetRangesOf(rdd).Count);
        Assert.All(KafkaUtils.OffsetRangesOf(rdd), range => Assert.Equal(0, range.Count));
        Assert.Throws<InvalidOperationException>(() => KafkaUtils.OffsetRangesOf(rdd.Map(r => r.Value)));
        Assert.Empty(rdd.Collect());
    }

    /// <summary>Starts a stream with <paramref name="strategy"/> and cuts its first batch, which must stop the context: the error's message.</summary>
    private static async Task<string> FirstBatchErrorAsync(ConsumerStrategy<string, string> strategy)
    {
        await using var harness = new StreamHarness();
        harness.Collect(KafkaUtils.CreateDirectStream(harness.Context, strategy));
        harness.Context.Start();
        harness.Clock.Advance(harness.BatchInterval);
        var error = await Assert.ThrowsAsync<StreamingJobException>(() => harness.Context.AwaitTerminationAsync().WaitAsync(StreamHarness.SafetyNet));
        return error.InnerException!.Message;
    }

    private sealed class SourceErrors : IStreamingListener
    {
        private readonly ConcurrentQueue<InputSourceErrorInfo> errors = new();

        public IReadOnlyList<InputSourceErrorInfo> All => [.. errors];

        public void OnInputSourceError(InputSourceErrorInfo error) => errors.Enqueue(error);
    }
}

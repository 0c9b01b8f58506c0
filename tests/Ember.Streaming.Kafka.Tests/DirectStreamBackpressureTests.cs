using Ember.Streaming.Listener;

namespace Ember.Streaming.Kafka.Tests;

/// <summary>Backpressure on the direct stream: the initial rate from the first batch, estimates shared by lag, MaxRatePerPartition as a cap.</summary>
public sealed class DirectStreamBackpressureTests(KafkaFixture kafka) : IClassFixture<KafkaFixture>
{
    private static OffsetRange R(string topic, int partition, long from, long until) => new(topic, partition, from, until);

    [Fact]
    public async Task Backpressure_InitialRateFromFirstBatch_ThenAnEstimateLowersTheLimit()
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 0, 100);
        await using var harness = new StreamHarness(TimeSpan.FromSeconds(1), options =>
        {
            options.BackpressureEnabled = true;
            options.BackpressureInitialRate = 2;
            options.BackpressureMinRate = 1;
        });
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()));
        harness.Collect(stream);
        var controller = stream.PullController!;
        Assert.Equal(stream.Id, controller.StreamId);
        harness.Context.Start();

        // 2 records/s × 1 s, all to the only partition with a lag, although 100 are waiting.
        var first = await harness.RunBatchAsync();
        Assert.Equal([R(topic, 0, 0, 2), R(topic, 1, 0, 0), R(topic, 2, 0, 0), R(topic, 3, 0, 0)], first.Ranges);
        Assert.Equal(["p0-0", "p0-1"], first.Records.Select(r => r.Value).Order());
        // Batches on the fake clock take no time, so they give the estimator nothing: still the initial rate.
        Assert.Null(controller.LatestRate);
        Assert.Equal([R(topic, 0, 2, 4), R(topic, 1, 0, 0), R(topic, 2, 0, 0), R(topic, 3, 0, 0)], (await harness.RunBatchAsync()).Ranges);

        // Synthetic batches: 10 records in 1 s sets the PID's set point at 10/s; then 2 records in 2 s (1/s) pull it down to 1/s.
        var t0 = harness.Context.StartTime!.Value + TimeSpan.FromSeconds(100);
        controller.OnBatchCompleted(Completed(t0, stream.Id, records: 10, processing: TimeSpan.FromSeconds(1)));
        Assert.Null(controller.LatestRate);
        controller.OnBatchCompleted(Completed(t0 + TimeSpan.FromSeconds(1), stream.Id, records: 2, processing: TimeSpan.FromSeconds(2)));
        Assert.Equal(1, controller.LatestRate);

        var lowered = await harness.RunBatchAsync();
        Assert.Equal([R(topic, 0, 4, 5), R(topic, 1, 0, 0), R(topic, 2, 0, 0), R(topic, 3, 0, 0)], lowered.Ranges);
        Assert.Equal(["p0-4"], lowered.Records.Select(r => r.Value));
    }

    [Fact]
    public async Task Backpressure_RateSharedByLag_MaxRatePerPartitionWinsWhenSmaller()
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 0, 30);
        await kafka.ProduceAsync(topic, 1, 10);
        await using var harness = new StreamHarness(TimeSpan.FromSeconds(1), options =>
        {
            options.BackpressureEnabled = true;
            options.BackpressureInitialRate = 20;
        });
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()),
            new KafkaStreamOptions { MaxRatePerPartition = 10 });
        harness.Collect(stream);
        harness.Context.Start();

        // Lags 30 and 10 share 20/s as 15 and 5; 15 is above the cap of 10/s.
        var first = await harness.RunBatchAsync();
        Assert.Equal([R(topic, 0, 0, 10), R(topic, 1, 0, 5), R(topic, 2, 0, 0), R(topic, 3, 0, 0)], first.Ranges);
        Assert.Equal(15, first.Records.Count);
        // Lags 20 and 5 share 20/s as 16 and 4; the cap again for partition 0.
        Assert.Equal([R(topic, 0, 10, 20), R(topic, 1, 5, 9), R(topic, 2, 0, 0), R(topic, 3, 0, 0)], (await harness.RunBatchAsync()).Ranges);
    }

    [Fact]
    public async Task Backpressure_Disabled_NoController()
    {
        var topic = await kafka.NewTopicAsync();
        await using var harness = new StreamHarness(configure: options => options.BackpressureInitialRate = 2);
        var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()));
        Assert.Null(stream.PullController);
    }

    [Fact]
    public async Task Backpressure_NonPositiveInitialRate_Throws()
    {
        var topic = await kafka.NewTopicAsync();
        await using var harness = new StreamHarness(configure: options =>
        {
            options.BackpressureEnabled = true;
            options.BackpressureInitialRate = 0;
        });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig())));
        Assert.Equal(nameof(StreamingOptions.BackpressureInitialRate), error.ParamName);
    }

    private static BatchInfo Completed(Time time, int streamId, long records, TimeSpan processing)
    {
        var start = time.ToDateTimeOffset();
        return new BatchInfo(time, new Dictionary<int, StreamInputInfo> { [streamId] = new(streamId, records) }, start, start, start + processing,
            new Dictionary<int, OutputOperationInfo>());
    }
}

using System.Collections.Concurrent;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Kafka.Tests;

/// <summary>Offsets are part of the checkpoint: a recovered stream resumes exactly where the last batch ended.</summary>
public sealed class DirectStreamRecoveryTests(KafkaFixture kafka) : IClassFixture<KafkaFixture>, IDisposable
{
    private readonly string checkpoint = Path.Combine(Path.GetTempPath(), $"ember-kafka-checkpoint-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(checkpoint))
        {
            Directory.Delete(checkpoint, recursive: true);
        }
    }

    [Fact]
    public async Task GetOrCreate_AfterARestart_ReadsEveryOffsetExactlyOnce()
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 0, 3);
        var read = new ConcurrentQueue<long>();

        var clock = new FakeTimeProvider();
        await RunOneBatchAsync(clock, topic, read, expectRecovery: false);
        await kafka.ProduceAsync(topic, 0, 2, firstIndex: 3);
        await RunOneBatchAsync(new FakeTimeProvider(clock.GetUtcNow()), topic, read, expectRecovery: true);

        Assert.Equal([0L, 1, 2, 3, 4], read.Order());
    }

    private async Task RunOneBatchAsync(FakeTimeProvider clock, string topic, ConcurrentQueue<long> read, bool expectRecovery)
    {
        var ssc = StreamingContext.GetOrCreate(checkpoint, () =>
        {
            var context = new StreamingContext(new EmberOptions { Master = "local[2]", AppName = "KafkaRecoveryTests" }, TimeSpan.FromSeconds(1),
                new StreamingOptions { TimeProvider = clock });
            KafkaUtils.CreateDirectStream(context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()))
                .ForEachRdd(rdd =>
                {
                    foreach (var record in rdd.Collect().Where(record => record.Partition == 0))
                    {
                        read.Enqueue(record.Offset);
                    }
                });
            return context;
        });
        await using (ssc)
        {
            Assert.Equal(expectRecovery, ssc.IsRecovering);
            var completed = new Completed();
            ssc.AddStreamingListener(completed);
            ssc.Start();
            clock.Advance(TimeSpan.FromSeconds(1));
            await completed.First.Task.WaitAsync(StreamHarness.SafetyNet);
            await ssc.StopAsync();
        }
    }

    private sealed class Completed : IStreamingListener
    {
        public TaskCompletionSource First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnBatchCompleted(BatchInfo batch) => First.TrySetResult();
    }
}

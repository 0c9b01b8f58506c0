using System.Collections.Concurrent;
using System.Threading.Channels;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Kafka.Tests;

/// <summary>A streaming context on a fake clock whose batches a test runs one at a time, collecting each batch's ranges and records.</summary>
internal sealed class StreamHarness : IAsyncDisposable, IStreamingListener
{
    public static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    private readonly Channel<BatchInfo> completed = Channel.CreateUnbounded<BatchInfo>();

    public StreamHarness(TimeSpan? batchInterval = null, Action<StreamingOptions>? configure = null, string master = "local[2]")
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        BatchInterval = batchInterval ?? TimeSpan.FromSeconds(1);
        Ember = new EmberContext(new EmberOptions { Master = master, AppName = "KafkaTests" });
        var options = new StreamingOptions { TimeProvider = Clock };
        configure?.Invoke(options);
        Context = new StreamingContext(Ember, BatchInterval, options);
        Context.AddStreamingListener(this);
    }

    public FakeTimeProvider Clock { get; }

    public TimeSpan BatchInterval { get; }

    public EmberContext Ember { get; }

    public StreamingContext Context { get; }

    /// <summary>Per batch, in order: the ranges of the stream's RDD and its records (read twice, to check they are the same).</summary>
    public ConcurrentQueue<(IReadOnlyList<OffsetRange> Ranges, IReadOnlyList<ConsumeRecord<string, string>> Records)> Batches { get; } = new();

    /// <summary>Records each batch's ranges and records into <see cref="Batches"/>, after <paramref name="after"/> (a commit, say).</summary>
    public void Collect(DStream<ConsumeRecord<string, string>> stream, Action<IReadOnlyList<OffsetRange>>? after = null) =>
        stream.ForEachRdd(rdd =>
        {
            var ranges = KafkaUtils.OffsetRangesOf(rdd);
            var first = rdd.Collect();
            var second = rdd.Collect();
            if (!first.SequenceEqual(second, RecordComparer.Instance))
            {
                throw new InvalidOperationException("Reading the batch's RDD again gave other records.");
            }
            Batches.Enqueue((ranges, first));
            after?.Invoke(ranges);
        });

    public void OnBatchCompleted(BatchInfo batch) => completed.Writer.TryWrite(batch);

    /// <summary>Advances the clock one interval and waits (at most <paramref name="deadline"/>, 30 s by default) for the batch to complete; returns what it collected.</summary>
    public async Task<(IReadOnlyList<OffsetRange> Ranges, IReadOnlyList<ConsumeRecord<string, string>> Records)> RunBatchAsync(TimeSpan? deadline = null)
    {
        Clock.Advance(BatchInterval);
        var wait = completed.Reader.ReadAsync().AsTask();
        var failed = Context.AwaitTerminationAsync();
        if (await Task.WhenAny(wait, failed).WaitAsync(deadline ?? SafetyNet) == failed)
        {
            await failed;
        }
        await wait;
        Assert.True(Batches.TryDequeue(out var batch));
        return batch;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Context.StopAsync().WaitAsync(SafetyNet);
        }
        finally
        {
            Ember.Dispose();
        }
    }

    /// <summary>Records compared by value, headers included.</summary>
    public sealed class RecordComparer : IEqualityComparer<ConsumeRecord<string, string>>
    {
        public static readonly RecordComparer Instance = new();

        public bool Equals(ConsumeRecord<string, string>? x, ConsumeRecord<string, string>? y) =>
            x is not null && y is not null && x with { Headers = [] } == y with { Headers = [] }
            && x.Headers.Count == y.Headers.Count
            && x.Headers.Zip(y.Headers).All(pair => pair.First.Key == pair.Second.Key && (pair.First.Value ?? []).SequenceEqual(pair.Second.Value ?? []));

        public int GetHashCode(ConsumeRecord<string, string> record) => HashCode.Combine(record.Topic, record.Partition, record.Offset);
    }
}

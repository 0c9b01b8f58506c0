using System.Collections.Concurrent;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Tests.Context;

/// <summary>
/// One streaming context on a fake clock, built the way the context and output tests need it: an
/// <see cref="EmberContext"/> on local[2], a <see cref="StreamingContext"/> over it writing Print to a string, and a
/// listener to await each batch. Disposing stops the streaming context before the engine, so a failing test never
/// leaves an active context behind for the next one.
/// </summary>
internal sealed class StreamingHarness : IAsyncDisposable
{
    /// <summary>Real time allowed for anything a test awaits: a safety net against hangs, never a clock.</summary>
    public static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    /// <summary>The fake clock's default start, on a whole second so the first batch is one interval later.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private int nextBatch;

    public StreamingHarness(TimeSpan? batchInterval = null, DateTimeOffset? start = null, Action<StreamingOptions>? configure = null)
    {
        Clock = new FakeTimeProvider(start ?? DefaultStart);
        BatchInterval = batchInterval ?? TimeSpan.FromSeconds(1);
        Ember = new EmberContext(new EmberOptions { Master = "local[2]", AppName = "StreamingHarness" });
        var options = new StreamingOptions { TimeProvider = Clock, Output = Output };
        configure?.Invoke(options);
        Context = new StreamingContext(Ember, BatchInterval, options);
        Context.AddStreamingListener(Batches);
    }

    public FakeTimeProvider Clock { get; }

    public TimeSpan BatchInterval { get; }

    public EmberContext Ember { get; }

    public StreamingContext Context { get; }

    public BatchWaiter Batches { get; } = new();

    public StringWriter Output { get; } = new() { NewLine = "\n" };

    /// <summary>The time of batch <paramref name="index"/> (0 = first): known before Start from the clock, as Start computes it.</summary>
    public Time BatchTime(int index) =>
        (Context.StartTime ?? Time.From(Clock.GetUtcNow()).Floor(BatchInterval) + BatchInterval) + BatchInterval * index;

    /// <summary>A queue stream with one RDD (2 partitions) per given batch; later batches are empty.</summary>
    public DStream<T> Queue<T>(params IEnumerable<T>[] batches) =>
        Context.QueueStream(new ConcurrentQueue<Rdd<T>>(batches.Select(batch => Ember.Parallelize(batch, 2))));

    /// <summary>Advances the clock by one interval (generating the next batch) and waits until that batch completed.</summary>
    public Task<BatchInfo> RunBatchAsync()
    {
        var time = BatchTime(nextBatch++);
        Clock.Advance(BatchInterval);
        return Batches.WaitForAsync(time);
    }

    /// <summary>Runs <paramref name="count"/> batches one after the other.</summary>
    public async Task<IReadOnlyList<BatchInfo>> RunBatchesAsync(int count)
    {
        var infos = new List<BatchInfo>();
        for (var i = 0; i < count; i++)
        {
            infos.Add(await RunBatchAsync());
        }
        return infos;
    }

    /// <summary>Advances the clock by one interval without waiting for the batch (it may block in a test's output).</summary>
    public Time GenerateBatch()
    {
        var time = BatchTime(nextBatch++);
        Clock.Advance(BatchInterval);
        return time;
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
            Output.Dispose();
        }
    }
}

using System.Collections.Concurrent;
using Ember.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Benchmarks.SideBySide;

/// <summary>
/// Ember as users run it: a <see cref="StreamingContext"/> on local[2] whose queue stream gets one batch per tick of a
/// fake clock, the workload's DStream pipeline, and a <c>ForEachRdd</c> that sums the pipeline's output into the
/// batch's checksum. A batch is measured from the tick to the listener's batch-completed event. The input RDDs are
/// built once (Parallelize copies its input) and queued again on every cycle through the batches.
/// </summary>
internal sealed class EmberRun<T> : IContenderRun
{
    public const int Partitions = 2;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider clock = new();
    private readonly StreamingContext context;
    private readonly ConcurrentQueue<Rdd<T>> queue = new();
    private readonly Rdd<T>[] batches;
    private readonly CompletedBatches completed = new();
    private readonly string? checkpoint;
    private long checksum;

    private EmberRun(T[][] batches, Func<StreamingContext, DStream<T>, DStream<long>> pipeline, bool stateful)
    {
        context = new StreamingContext(new EmberOptions { Master = $"local[{Partitions}]", AppName = "SideBySide" }, Interval,
            new StreamingOptions { TimeProvider = clock });
        if (stateful)
        {
            checkpoint = Directory.CreateTempSubdirectory("ember-side-by-side-").FullName;
            context.Checkpoint(checkpoint);
        }
        this.batches = [.. batches.Select(batch => context.EmberContext.Parallelize(batch, Partitions))];
        pipeline(context, context.QueueStream(queue)).ForEachRdd(rdd => checksum = rdd.Fold(0L, (a, b) => a + b));
        context.AddStreamingListener(completed);
        context.Start();
    }

    /// <summary>
    /// Ember running <paramref name="pipeline"/>. A <paramref name="stateful"/> run gets a checkpoint directory, as the
    /// engine requires for stateful streams; their checkpoint intervals stay at the defaults.
    /// </summary>
    public static Contender Contender(string name, T[][] batches, Func<StreamingContext, DStream<T>, DStream<long>> pipeline, bool stateful = false, string checksum = "result") =>
        new(name, () => new EmberRun<T>(batches, pipeline, stateful), checksum);

    public long RunBatch(int index)
    {
        queue.Enqueue(batches[index % batches.Length]);
        clock.Advance(Interval);
        completed.Next.Take();
        return checksum;
    }

    public void Dispose()
    {
        context.StopAsync().GetAwaiter().GetResult();
        context.EmberContext.Dispose();
        if (checkpoint is not null)
        {
            Directory.Delete(checkpoint, recursive: true);
        }
    }
}

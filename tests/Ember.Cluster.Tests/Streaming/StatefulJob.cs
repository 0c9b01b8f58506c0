using System.Collections.Concurrent;
using Ember.Streaming;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Cluster.Tests.Streaming;

/// <summary>
/// A stateful streaming job on a fake clock, run batch by batch: UpdateStateByKey (running sums), MapWithState (how many
/// batches saw each key) and ReduceByKeyAndWindow with an inverse function (sums over 3 batches), each with 4 state
/// partitions and snapshots every 3 batches. Every batch's outputs are recorded as text, so two runs compare exactly.
/// </summary>
internal sealed class StatefulJob : IStreamingListener
{
    public const int Batches = 10;
    public const string Gate = "batch";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Window = Interval * 3;

    private readonly ConcurrentDictionary<Time, TaskCompletionSource> completed = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

    private StatefulJob(EmberContext ember, string checkpoint, string? gates, int? heldBatch)
    {
        Context = new StreamingContext(ember, Interval, new StreamingOptions { TimeProvider = clock });
        Context.Checkpoint(checkpoint);
        var queue = new ConcurrentQueue<Rdd<(int Key, int Value)>>();
        for (var batch = 0; batch < Batches; batch++)
        {
            var input = ember.Parallelize(Input(batch), 2);
            queue.Enqueue(gates is not null && batch == heldBatch ? Held(input, gates) : input);
        }
        var pairs = Pairs = Context.QueueStream(queue);
        Record("UpdateStateByKey", pairs.UpdateStateByKey<int, int>((values, sum) => Option.Some(sum.GetValueOrDefault(0) + values.Sum()), partitions: 4)
            .Checkpoint(CheckpointEvery));
        Record("MapWithState", pairs.MapWithState<int, int, (int, int)>((key, _, seen) =>
        {
            var count = seen.GetOption().GetValueOrDefault(0) + 1;
            seen.Update(count);
            return (key, count);
        }, partitions: 4).Checkpoint(CheckpointEvery));
        Record("ReduceByKeyAndWindow", pairs.ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Window, partitions: 4, filter: pair => pair.Value != 0)
            .Checkpoint(CheckpointEvery));
        Context.AddStreamingListener(this);
    }

    public StreamingContext Context { get; }

    /// <summary>The input stream the three operators read.</summary>
    public DStream<(int Key, int Value)> Pairs { get; }

    /// <summary>Every output of every batch: (operator, batch number) to its records, sorted, as text.</summary>
    public ConcurrentDictionary<(string Operator, int Batch), string> Outputs { get; } = new();

    /// <summary>A job on <paramref name="ember"/>; with <paramref name="gates"/>, batch <paramref name="heldBatch"/>'s input tasks wait at gate <see cref="Gate"/>.</summary>
    public static StatefulJob On(EmberContext ember, string checkpoint, string? gates = null, int? heldBatch = null) => new(ember, checkpoint, gates, heldBatch);

    /// <summary>Batch <paramref name="batch"/>'s records: 600 keys, each batch a different mix of them and of values.</summary>
    public static (int Key, int Value)[] Input(int batch) =>
        [.. Enumerable.Range(0, 3_000).Select(i => ((batch * 7_919 + i * 31) % (300 + 30 * batch), 1 + (i + batch) % 3))];

    public void OnBatchCompleted(BatchInfo batch) => Completion(batch.BatchTime).TrySetResult();

    /// <summary>
    /// Starts the context and runs every batch: <paramref name="beforeBatch"/> runs before the clock reaches a batch,
    /// <paramref name="whileRunning"/> once it did; each batch must complete within <paramref name="deadline"/>.
    /// </summary>
    public async Task RunAsync(TimeSpan deadline, Func<int, Task>? beforeBatch = null, Func<int, Task>? whileRunning = null)
    {
        var failure = Context.AwaitTerminationAsync();
        try
        {
            Context.Start();
            for (var batch = 0; batch < Batches; batch++)
            {
                if (beforeBatch is not null)
                    await beforeBatch(batch);
                clock.Advance(Interval);
                if (whileRunning is not null)
                    await whileRunning(batch);
                var done = Completion(Context.StartTime!.Value + Interval * batch).Task;
                await Task.WhenAny(done, failure).WaitAsync(deadline);
                if (failure.IsFaulted)
                    await failure;
            }
        }
        finally
        {
            // Even on failure: only one context may be active in the process, and the next test starts its own.
            await Context.StopAsync();
        }
    }

    private TaskCompletionSource Completion(Time time) =>
        completed.GetOrAdd(time, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private void Record<T>(string name, DStream<T> stream) =>
        stream.ForEachRdd((rdd, time) =>
            Outputs[(name, (int)((time - Context.StartTime!.Value).Ticks / Interval.Ticks))] = string.Join(" ", rdd.Collect().Select(item => item!.ToString()).Order(StringComparer.Ordinal)));

    // Apart from the constructor's locals: a lambda carries every variable its scope captures.
    private static Rdd<(int Key, int Value)> Held(Rdd<(int Key, int Value)> input, string gates) =>
        input.MapPartitionsWithIndex((partition, items) =>
        {
            Failures.TaskGates.Pass(gates, Gate, partition);
            return items;
        }, preservesPartitioning: true);
}

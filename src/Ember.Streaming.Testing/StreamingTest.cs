using System.Collections.Concurrent;
using Ember.Streaming.DStreams;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Testing;

/// <summary>
/// Runs a streaming operation over given input batches on a fake clock and returns what it produced, batch by batch,
/// with no sleeps (Spark's TestSuiteBase; Kafka Streams' test driver). Runs are serialized within the process, since
/// only one <see cref="StreamingContext"/> may be active at a time: a run waits for the one before it to stop.
/// </summary>
/// <remarks>
/// <para>Every run gets a <see cref="StreamingContext"/>, a fake clock and a checkpoint directory of its own, all gone
/// when it returns. What runs under them depends on <see cref="StreamingTestOptions.Master"/>:</para>
/// <list type="bullet">
/// <item>A local master (<c>local</c>, <c>local[N]</c>, <c>local[*]</c>, <c>local[N,F]</c>) gets a new
/// <see cref="EmberContext"/> per run, disposed with it: nothing is shared between runs.</item>
/// <item>A cluster master (<c>local-cluster[N,C]</c>, <c>ember://host:port</c>) gets one <see cref="EmberContext"/>
/// per master string for the whole test process, started by the first run that names it (for
/// <c>local-cluster[2,1]</c>, two executor processes: seconds) and stopped when the process exits. Each run makes its
/// streaming context on it and leaves it open. Shared between runs are the executor processes and what the engine
/// holds: its options (app name <c>StreamingTest</c>), cached blocks and shuffle files of earlier runs until the
/// engine cleans them, an executor replaced after a loss. Not shared: streams, state, batch times, outputs.</item>
/// </list>
/// <para>On a cluster the operation's task closures (the functions given to <c>Map</c>, <c>ReduceByKey</c>,
/// <c>UpdateStateByKey</c>, ...) are serialized to the executors: they must capture data only, never a stream or a
/// context, and what they change in memory happens in the executor's process, not the test's. Input batches are
/// made on the driver; <c>ForEachRdd</c> bodies and the collected outputs stay there.</para>
/// </remarks>
public static class StreamingTest
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>
    /// Feeds <paramref name="input"/> (one collection per batch; batches past its end are empty) to
    /// <paramref name="operation"/> for <paramref name="batches"/> batches of <paramref name="batchInterval"/> (default
    /// 1 s) and returns the collected records of every RDD the operation's stream produced, in batch order: one list
    /// per batch, or fewer when the stream slides slower than the batch interval.
    /// </summary>
    public static Task<IReadOnlyList<IReadOnlyList<TResult>>> RunAsync<TInput, TResult>(
        IEnumerable<IEnumerable<TInput>> input,
        Func<DStream<TInput>, DStream<TResult>> operation,
        int batches,
        TimeSpan? batchInterval = null,
        StreamingTestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(operation);
        var batchesOfInput = input.Select(batch => batch.ToList()).ToList();
        return RunAsync(context => operation(Queue(context, batchesOfInput, options)), batches, batchInterval, options);
    }

    /// <summary>The two-input form, for joins and <c>TransformWith</c>.</summary>
    public static Task<IReadOnlyList<IReadOnlyList<TResult>>> RunAsync<TInput1, TInput2, TResult>(
        IEnumerable<IEnumerable<TInput1>> input1,
        IEnumerable<IEnumerable<TInput2>> input2,
        Func<DStream<TInput1>, DStream<TInput2>, DStream<TResult>> operation,
        int batches,
        TimeSpan? batchInterval = null,
        StreamingTestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input1);
        ArgumentNullException.ThrowIfNull(input2);
        ArgumentNullException.ThrowIfNull(operation);
        var first = input1.Select(batch => batch.ToList()).ToList();
        var second = input2.Select(batch => batch.ToList()).ToList();
        return RunAsync(context => operation(Queue(context, first, options), Queue(context, second, options)), batches, batchInterval, options);
    }

    private static async Task<IReadOnlyList<IReadOnlyList<TResult>>> RunAsync<TResult>(
        Func<StreamingContext, DStream<TResult>> build,
        int batches,
        TimeSpan? batchInterval,
        StreamingTestOptions? options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batches);
        options ??= new StreamingTestOptions();
        var interval = batchInterval ?? TimeSpan.FromSeconds(1);
        await OneAtATime.WaitAsync().ConfigureAwait(false);
        var checkpoint = Path.Combine(Path.GetTempPath(), $"ember-test-checkpoint-{Guid.NewGuid():N}");
        var shared = ClusterEngines.IsCluster(options.Master);
        try
        {
            var clock = new FakeTimeProvider(options.StartTime);
            using var owned = shared ? null : new EmberContext(new EmberOptions { Master = options.Master, AppName = "StreamingTest" });
            var ember = owned ?? ClusterEngines.For(options.Master);
            await using var context = new StreamingContext(ember, interval, new StreamingOptions { TimeProvider = clock, Output = options.Output });
            context.Checkpoint(checkpoint);
            var outputs = new ConcurrentDictionary<Time, IReadOnlyList<TResult>>();
            build(context).ForEachRdd((rdd, time) => outputs[time] = rdd.Collect());
            var completed = new BatchCompletionListener();
            context.AddStreamingListener(completed);
            var failure = context.AwaitTerminationAsync();
            context.Start();
            for (var batch = 0; batch < batches; batch++)
            {
                clock.Advance(interval);
                var done = completed.WaitForAsync(context.StartTime!.Value + interval * batch);
                await Task.WhenAny(done, failure).WaitAsync(options.BatchTimeout).ConfigureAwait(false);
                if (failure.IsFaulted)
                {
                    await failure.ConfigureAwait(false);
                }
            }
            await context.StopAsync().ConfigureAwait(false);
            return [.. outputs.OrderBy(pair => pair.Key).Select(pair => pair.Value)];
        }
        catch (TimeoutException) when (shared)
        {
            // A batch that never finished may still hold the engine (a task stuck on a lost executor): the runs after
            // this one get an engine of their own rather than queue behind it and time out in turn.
            await ClusterEngines.DiscardAsync(options.Master).ConfigureAwait(false);
            throw;
        }
        finally
        {
            OneAtATime.Release();
            if (Directory.Exists(checkpoint))
            {
                Directory.Delete(checkpoint, recursive: true);
            }
        }
    }

    private static DStream<T> Queue<T>(StreamingContext context, IReadOnlyList<List<T>> batches, StreamingTestOptions? options) =>
        new BatchListInputDStream<T>(context, [.. batches.Select(batch => context.EmberContext.Parallelize(batch, (options ?? new()).PartitionsPerBatch))]);
}

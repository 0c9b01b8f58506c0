namespace Ember.Streaming.Testing;

/// <summary>
/// Runs a streaming operation over given input batches on a fake clock and returns what it produced, batch by batch,
/// with no sleeps (Spark's TestSuiteBase; Kafka Streams' test driver). Runs are serialized within the process, since
/// only one <see cref="StreamingContext"/> may be active at a time: a run waits for the one before it to stop.
/// For a whole job (several inputs and outputs, batch by batch, restarts from a checkpoint) use
/// <see cref="StreamingTestDriver"/>, which these runs are made with.
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
    private const string Input1 = "input1";
    private const string Input2 = "input2";
    private const string Result = "result";

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
        return RunAsync(
            graph => operation(graph.Input<TInput>(Input1)),
            (driver, batch) => Feed(driver, Input1, batchesOfInput, batch),
            batches, batchInterval, options);
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
        return RunAsync(
            graph => operation(graph.Input<TInput1>(Input1), graph.Input<TInput2>(Input2)),
            (driver, batch) =>
            {
                Feed(driver, Input1, first, batch);
                Feed(driver, Input2, second, batch);
            },
            batches, batchInterval, options);
    }

    /// <summary>
    /// The one-liners on <see cref="StreamingTestDriver"/>: batch <c>i</c> takes the <c>i</c>-th collection of each
    /// input (pushed just before it), and the result is the output's batches that had an RDD.
    /// </summary>
    private static async Task<IReadOnlyList<IReadOnlyList<TResult>>> RunAsync<TResult>(
        Func<StreamingTestGraph, DStream<TResult>> build,
        Action<StreamingTestDriver, int> feed,
        int batches,
        TimeSpan? batchInterval,
        StreamingTestOptions? options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batches);
        await using var driver = await StreamingTestDriver.StartAsync(graph => graph.Output(Result, build(graph)), batchInterval, options).ConfigureAwait(false);
        for (var batch = 0; batch < batches; batch++)
        {
            feed(driver, batch);
            await driver.AdvanceBatchAsync().ConfigureAwait(false);
        }
        return [.. driver.Output<TResult>(Result).Batches.Where(batch => batch.HasRdd).Select(batch => batch.Records)];
    }

    private static void Feed<T>(StreamingTestDriver driver, string name, IReadOnlyList<List<T>> batches, int batch)
    {
        if (batch < batches.Count)
        {
            driver.Input<T>(name).Push(batches[batch]);
        }
    }
}

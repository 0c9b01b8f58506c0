using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Testing;

/// <summary>
/// Runs a whole streaming job in a test, one batch at a time, on a fake clock (Spark's TestSuiteBase, Kafka Streams'
/// TopologyTestDriver): the job's factory declares inputs the test feeds and outputs it reads, by name; the test
/// pushes records, advances a batch, inspects every output so far, and may stop the job and recover it from its
/// checkpoint, as a restarted process would. No sleeps: each step returns once its batches completed.
/// </summary>
/// <remarks>
/// <para><b>Lifecycle.</b> <see cref="StartAsync"/> makes a checkpoint directory of its own, runs the factory through
/// <see cref="StreamingContext.GetOrCreate"/> and starts the context; <see cref="AdvanceBatchAsync"/> moves the clock
/// one batch interval and waits for that batch; <see cref="RestartAsync"/> stops the context and runs the same factory
/// on the same checkpoint directory and clock, so the new context recovers state and source positions, replays the
/// batches the checkpoint needs and then goes on; disposing stops the context and deletes the checkpoint directory.</para>
/// <para><b>Outputs and batches without an RDD.</b> Each output records every batch the driver ran: the collected
/// records, or that its stream had no RDD at that batch (a window between slides, an input declared with
/// <c>noRddWhenEmpty</c>), distinct from an empty RDD (<see cref="TestOutputBatch{T}.HasRdd"/>).</para>
/// <para><b>Failures.</b> A step that runs a failing batch (an output operation or a task that throws, a state
/// update that fails) throws the job's <see cref="StreamingJobException"/>, whose inner exception is the user code's;
/// later steps throw <see cref="InvalidOperationException"/> until <see cref="RestartAsync"/>, which runs the failed
/// batch again (Spark keeps a batch with a failed output pending in its checkpoint). A step that does not end within
/// <see cref="StreamingTestOptions.BatchTimeout"/> of real time throws <see cref="TimeoutException"/>: a safety net
/// against hangs, never a clock.</para>
/// <para><b>One at a time.</b> Only one <see cref="StreamingContext"/> may be active in a process, so a driver holds
/// the test kit's process-wide slot from <see cref="StartAsync"/> until disposed, and <see cref="StreamingTest.RunAsync{TInput, TResult}"/>
/// runs and other drivers wait for it: always dispose a driver (<c>await using</c>), and never start a second one
/// inside the first. Masters are as for <see cref="StreamingTest"/>: a local master gets a new engine per run of the
/// factory (a restart loses everything in memory, as a new process would); a cluster master uses the test process's
/// shared engine.</para>
/// <example>
/// A running word count, stopped after two batches and recovered from its checkpoint:
/// <code>
/// await using var driver = await StreamingTestDriver.StartAsync(job =>
/// {
///     var words = job.Input&lt;string&gt;("lines").FlatMap(line => line.Split(' '));
///     job.Output("totals", words.Map(word => (word, 1))
///         .UpdateStateByKey((IReadOnlyList&lt;int&gt; counts, Option&lt;int&gt; total) => Option.Some(total.GetValueOrDefault(0) + counts.Sum())));
/// });
/// var lines = driver.Input&lt;string&gt;("lines");
/// var totals = driver.Output&lt;(string Key, int Value)&gt;("totals");
///
/// lines.Push("a b", "b");
/// await driver.AdvanceBatchAsync();   // totals: (a, 1), (b, 2)
/// await driver.AdvanceBatchAsync();   // nothing pushed: an empty input RDD, the same totals
/// await driver.RestartAsync();        // a new context from the checkpoint, on the same clock
/// lines.Push("a");
/// await driver.AdvanceBatchAsync();
/// Assert.Contains(("a", 2), totals.Last!.Records);
/// </code>
/// </example>
/// </remarks>
public sealed class StreamingTestDriver : IAsyncDisposable
{
    private readonly Action<StreamingTestGraph> build;
    private readonly TestSlot slot;
    private TestRun? run;
    private bool disposed;

    private StreamingTestDriver(Action<StreamingTestGraph> build, TimeSpan batchInterval, StreamingTestOptions options, TestSlot slot)
    {
        this.build = build;
        this.slot = slot;
        BatchInterval = batchInterval;
        Options = options;
        Clock = new FakeTimeProvider(options.StartTime);
    }

    /// <summary>The batch interval of every run.</summary>
    public TimeSpan BatchInterval { get; }

    /// <summary>The options the driver was started with.</summary>
    public StreamingTestOptions Options { get; }

    /// <summary>The fake clock of every run, from <see cref="StreamingTestOptions.StartTime"/>; steps advance it, restarts keep it.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The checkpoint directory of every run: a new temporary directory, deleted when the driver is disposed.</summary>
    public string CheckpointDirectory => slot.CheckpointDirectory;

    /// <summary>The context of the current run (a new one after each <see cref="RestartAsync"/>).</summary>
    public StreamingContext Context => Current.Context;

    /// <summary>The time of the batch the next <see cref="AdvanceBatchAsync"/> runs.</summary>
    public Time NextBatchTime => Time.From(Clock.GetUtcNow()).Floor(BatchInterval) + BatchInterval;

    internal TestHandles Inputs { get; } = new("input");

    internal TestHandles Outputs { get; } = new("output");

    private TestRun Current
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return run ?? throw new InvalidOperationException("The driver has no job: the last RestartAsync failed to build it; call RestartAsync again.");
        }
    }

    /// <summary>
    /// Builds the job with <paramref name="build"/> on a new context (batches of <paramref name="batchInterval"/>,
    /// default 1 s; a fake clock; a temporary checkpoint directory) and starts it. No batch runs until
    /// <see cref="AdvanceBatchAsync"/>. Waits first for any other driver or <see cref="StreamingTest"/> run of the
    /// process to end.
    /// </summary>
    /// <param name="build">
    /// The job's factory: declares inputs and outputs and builds the graph on <see cref="StreamingTestGraph.Context"/>.
    /// It runs again at every restart and must build the same graph (Ember reads no code from checkpoints).
    /// </param>
    /// <param name="batchInterval">The batch interval; default 1 s.</param>
    /// <param name="options">The master, partitions per input batch, clock start and safety net; default <see cref="StreamingTestOptions"/>.</param>
    /// <param name="cancellationToken">Cancels the wait for the process-wide slot and the start.</param>
    /// <exception cref="ArgumentNullException"><paramref name="build"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The graph has no output, or the context refuses to start.</exception>
    public static async Task<StreamingTestDriver> StartAsync(
        Action<StreamingTestGraph> build, TimeSpan? batchInterval = null, StreamingTestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        options ??= new StreamingTestOptions();
        var interval = batchInterval ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(batchInterval));
        var slot = await TestSlot.TakeAsync(options.Master, cancellationToken).ConfigureAwait(false);
        var driver = new StreamingTestDriver(build, interval, options, slot);
        try
        {
            await driver.RunAsync(cancellationToken).ConfigureAwait(false);
            return driver;
        }
        catch
        {
            await driver.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The input the job's factory declared as <paramref name="name"/>, the same object across restarts.</summary>
    /// <exception cref="KeyNotFoundException">The factory declares no input of that name.</exception>
    /// <exception cref="InvalidOperationException">The input has another record type.</exception>
    public TestInputStream<T> Input<T>(string name) => Inputs.Get<TestInputStream<T>>(name);

    /// <summary>The output the job's factory declared as <paramref name="name"/>, the same object across restarts.</summary>
    /// <exception cref="KeyNotFoundException">The factory declares no output of that name.</exception>
    /// <exception cref="InvalidOperationException">The output has another record type.</exception>
    public TestOutputStream<T> Output<T>(string name) => Outputs.Get<TestOutputStream<T>>(name);

    /// <summary>
    /// Moves the clock one batch interval, which generates the batch of <see cref="NextBatchTime"/>, and waits until
    /// it completed: its inputs took what was pushed, its outputs ran, its state and checkpoint are written.
    /// </summary>
    /// <returns>The batch's time.</returns>
    /// <exception cref="StreamingJobException">The batch failed (its inner exception is the user code's).</exception>
    /// <exception cref="InvalidOperationException">An earlier batch failed, or the context stopped: <see cref="RestartAsync"/> recovers it.</exception>
    /// <exception cref="TimeoutException">The batch did not end within <see cref="StreamingTestOptions.BatchTimeout"/> of real time.</exception>
    public async Task<Time> AdvanceBatchAsync(CancellationToken cancellationToken = default)
    {
        var current = Current;
        if (current.Termination.IsCompleted)
        {
            throw new InvalidOperationException(
                current.Termination.IsFaulted
                    ? "The job failed in an earlier step (see the inner exception): RestartAsync recovers it from its checkpoint, running the failed batch again."
                    : "The job is stopped: RestartAsync recovers it from its checkpoint.",
                current.Termination.Exception?.InnerException);
        }
        var time = NextBatchTime;
        // The fake clock runs the batch timer inside Advance, so the batch is generated before this returns.
        Clock.Advance(time.ToDateTimeOffset() - Clock.GetUtcNow());
        try
        {
            await current.WaitForBatchAsync(time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            slot.Hung();
            throw;
        }
        return time;
    }

    /// <summary>Runs <paramref name="count"/> batches, one <see cref="AdvanceBatchAsync"/> after the other.</summary>
    /// <returns>The batches' times.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public async Task<IReadOnlyList<Time>> AdvanceBatchesAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var times = new List<Time>(count);
        for (var i = 0; i < count; i++)
        {
            times.Add(await AdvanceBatchAsync(cancellationToken).ConfigureAwait(false));
        }
        return times;
    }

    /// <summary>
    /// Stops the current context (<paramref name="graceful"/>: as <see cref="StreamingContext.StopAsync"/>). Outputs
    /// and inputs keep what they hold; <see cref="RestartAsync"/> recovers the job. Idempotent.
    /// </summary>
    public async Task StopAsync(bool graceful = false, CancellationToken cancellationToken = default)
    {
        var current = Current;
        try
        {
            await current.Bounded(current.Context.StopAsync(graceful, cancellationToken), "the context to stop", cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            slot.Hung();
            throw;
        }
    }

    /// <summary>
    /// Stops the job (unless stopped already) and starts it again as a restarted process would: the factory runs on a
    /// new context with the same checkpoint directory, through <see cref="StreamingContext.GetOrCreate"/>, which
    /// restores state and source positions; the clock goes on from where it was, moved by <paramref name="downtime"/>
    /// first (batch times passed while the job was down are generated at the restart, as Spark does). Returns once
    /// every batch the restart ran completed: those the checkpoint replays (a completed one only rebuilds state; one
    /// not finished, or with a failed output, runs its outputs again) and the missed ones.
    /// </summary>
    /// <param name="graceful">Stop gracefully (batches in progress finish) rather than at once, as a crash would.</param>
    /// <param name="downtime">Real-world time the job is down for; default none.</param>
    /// <param name="cancellationToken">Cancels the waits.</param>
    /// <returns>The times of the batches the restart ran, in order.</returns>
    /// <exception cref="StreamingJobException">A batch of the recovery failed.</exception>
    /// <exception cref="InvalidOperationException">The checkpoint does not fit the job (a stateful operator gone or changed), as <see cref="StreamingContext.GetOrCreate"/> reports it.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="downtime"/> is negative.</exception>
    public async Task<IReadOnlyList<Time>> RestartAsync(bool graceful = false, TimeSpan? downtime = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(downtime ?? TimeSpan.Zero, TimeSpan.Zero, nameof(downtime));
        ObjectDisposedException.ThrowIf(disposed, this);
        if (run is not null)
        {
            await StopAsync(graceful, cancellationToken).ConfigureAwait(false);
            run = null;
        }
        if (downtime is { } down)
        {
            Clock.Advance(down);
        }
        return await RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the current context stops (an output of the job stopped it, or <see cref="StopAsync"/>), at most
    /// <see cref="StreamingTestOptions.BatchTimeout"/> of real time; throws the job's failure, if any.
    /// </summary>
    /// <exception cref="StreamingJobException">A batch failed.</exception>
    /// <exception cref="TimeoutException">The context did not stop in time (nothing advances the fake clock meanwhile).</exception>
    public Task AwaitTerminationAsync(CancellationToken cancellationToken = default)
    {
        var current = Current;
        return current.Bounded(current.Termination, "the context to stop", cancellationToken);
    }

    /// <summary>
    /// Stops the current context at once (at most <see cref="StreamingTestOptions.BatchTimeout"/>), frees the
    /// process-wide slot and deletes the checkpoint directory. A failure of the job is not rethrown here.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        try
        {
            if (run is { } last)
            {
                await last.Context.StopAsync().WaitAsync(Options.BatchTimeout).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            slot.Hung();
        }
        finally
        {
            run = null;
            await slot.ReleaseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Makes the next run: the factory on a new context, through GetOrCreate, then started.</summary>
    private async Task<IReadOnlyList<Time>> RunAsync(CancellationToken cancellationToken)
    {
        StreamingTestGraph? graph = null;
        var context = StreamingContext.GetOrCreate(CheckpointDirectory, () =>
        {
            var ssc = slot.NewContext(BatchInterval, new StreamingOptions { TimeProvider = Clock, Output = Options.Output });
            try
            {
                ssc.Checkpoint(CheckpointDirectory);
                graph = new StreamingTestGraph(this, ssc);
                build(graph);
                return ssc;
            }
            catch
            {
                ssc.StopAsync().GetAwaiter().GetResult();
                throw;
            }
        });
        var next = new TestRun(graph!, Options.BatchTimeout);
        run = next;
        try
        {
            return await next.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            slot.Hung();
            throw;
        }
        catch (Exception error) when (error is not StreamingJobException)
        {
            // The context refused to start (a checkpoint that does not fit the job): it never ran, and holds its engine.
            await context.StopAsync().ConfigureAwait(false);
            throw;
        }
    }
}

using Ember.Streaming.DStreams;
using Ember.Streaming.Listener;
using Ember.Streaming.Scheduling;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming;

/// <summary>
/// The entry point of a streaming program (Spark's StreamingContext): cuts time into batches of
/// <see cref="BatchInterval"/> on an <see cref="EmberContext"/>. Build sources, transformations and at least one output
/// operation, then <see cref="Start"/>; stop with <see cref="StopAsync"/> or by disposing.
/// </summary>
/// <remarks>
/// Spark's rules hold: one active context per process; no stream or output can be added after <see cref="Start"/>;
/// a stopped context cannot be restarted.
/// </remarks>
public sealed partial class StreamingContext : IAsyncDisposable
{
    private static readonly Lock ActiveGate = new();
    private static StreamingContext? active;
    private readonly Lock gate = new();
    private readonly bool ownsEmberContext;
    private readonly TaskCompletionSource termination = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamingListenerBus bus;
    private readonly StreamingMetrics metrics;
    private readonly JobScheduler scheduler;
    private readonly JobGenerator generator;
    private Task? stopping;

    /// <summary>A context on an existing <see cref="EmberContext"/>, which stays open when this context stops.</summary>
    public StreamingContext(EmberContext context, TimeSpan batchInterval, StreamingOptions? options = null)
        : this(context, batchInterval, options, ownsEmberContext: false)
    {
    }

    /// <summary>A context on a new <see cref="EmberContext"/> made from <paramref name="emberOptions"/>, disposed when this context stops.</summary>
    public StreamingContext(EmberOptions emberOptions, TimeSpan batchInterval, StreamingOptions? options = null)
        : this(OwnContext(emberOptions, batchInterval, options), batchInterval, options, ownsEmberContext: true)
    {
    }

    private StreamingContext(EmberContext context, TimeSpan batchInterval, StreamingOptions? options, bool ownsEmberContext)
    {
        ArgumentNullException.ThrowIfNull(context);
        Options = options ?? new StreamingOptions();
        Validate(batchInterval, Options);
        EmberContext = context;
        BatchInterval = batchInterval;
        this.ownsEmberContext = ownsEmberContext;
        Logger = context.Logger;
        bus = new StreamingListenerBus(Logger);
        metrics = new StreamingMetrics(context.ApplicationId);
        scheduler = new JobScheduler(bus, metrics, TimeProvider, Options.ConcurrentJobs, OnBatchEnded, ReportError, Logger);
        generator = new JobGenerator(Graph, scheduler, TimeProvider, batchInterval, ReportError);
        context.TaskMessage += OnTaskMessage;
    }

    private static EmberContext OwnContext(EmberOptions emberOptions, TimeSpan batchInterval, StreamingOptions? options)
    {
        ArgumentNullException.ThrowIfNull(emberOptions);
        // Checked before the context starts its worker threads, which would otherwise leak on bad arguments.
        Validate(batchInterval, options ?? new StreamingOptions());
        return new EmberContext(emberOptions);
    }

    private static void Validate(TimeSpan batchInterval, StreamingOptions options)
    {
        Durations.ToMilliseconds(batchInterval, nameof(batchInterval));
        Durations.ToMilliseconds(options.BlockInterval, nameof(StreamingOptions.BlockInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConcurrentJobs, 1, nameof(StreamingOptions.ConcurrentJobs));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(StreamingOptions.TimeProvider));
    }

    /// <summary>The batch engine the batches run on (Spark's <c>sparkContext</c>).</summary>
    public EmberContext EmberContext { get; }

    /// <summary>The interval batches are cut at.</summary>
    public TimeSpan BatchInterval { get; }

    /// <summary>The options the context was created with.</summary>
    public StreamingOptions Options { get; }

    /// <summary>The clock batches are cut by.</summary>
    public TimeProvider TimeProvider => Options.TimeProvider;

    /// <summary>Where the context is in its life.</summary>
    public StreamingContextState State { get; private set; } = StreamingContextState.Initialized;

    /// <summary>The directory given to <see cref="Checkpoint"/>, if any.</summary>
    public string? CheckpointDirectory { get; private set; }

    /// <summary>The first batch's time, once started.</summary>
    public Time? StartTime { get; private set; }

    /// <summary>The running context of this process, if any.</summary>
    public static StreamingContext? GetActive()
    {
        lock (ActiveGate)
        {
            return active;
        }
    }

    internal DStreamGraph Graph { get; } = new();

    internal ILogger Logger { get; }

    internal TextWriter Output => Options.Output ?? Console.Out;

    /// <summary>
    /// Keeps every generated RDD at least <paramref name="duration"/> after its batch, for code that queries old
    /// batches asynchronously (Spark's <c>remember</c>). Call before <see cref="Start"/>.
    /// </summary>
    public void Remember(TimeSpan duration)
    {
        Durations.ToMilliseconds(duration, nameof(duration));
        EnsureBuildable(nameof(Remember));
        Graph.RememberDuration = duration;
    }

    /// <summary>Adds a listener of batch, output operation and receiver events.</summary>
    public void AddStreamingListener(IStreamingListener listener) => bus.Add(listener);

    /// <summary>
    /// Starts generating batches: the first at the next multiple of <see cref="BatchInterval"/> on the clock. Throws when
    /// the graph has no output operation, when another context is active in the process, or when this one was stopped.
    /// Starting an active context again does nothing.
    /// </summary>
    public void Start()
    {
        lock (gate)
        {
            switch (State)
            {
                case StreamingContextState.Active:
                    Logger.LogWarning("StreamingContext has already been started");
                    return;
                case StreamingContextState.Stopped:
                    throw new InvalidOperationException("This StreamingContext has been stopped and cannot be started again; create a new one.");
            }
            if (Graph.OutputCount == 0)
            {
                throw new InvalidOperationException(
                    "No output operations registered, so nothing to execute: add Print, ForEachRdd, SaveAsTextFiles or another output before Start.");
            }
            Graph.AssignCheckpointIds();
            if (Graph.Stateful.FirstOrDefault() is DStream needsCheckpoint && CheckpointDirectory is null)
            {
                // Spark's rule, on one process as on a cluster: state is rebuilt from its snapshots (after a restart, and
                // on a cluster after losing an executor), so it needs a directory every process reaches.
                throw new InvalidOperationException(
                    $"The checkpoint directory has not been set: {needsCheckpoint.Operation} ('{needsCheckpoint.CheckpointId}') keeps state across batches " +
                    "and is rebuilt from its snapshots there. Call Checkpoint(directory) before Start (on a cluster, a directory every executor reaches).");
            }
            if (Options.WriteAheadLog && CheckpointDirectory is null && Graph.Inputs.Any(input => input.BuffersData))
            {
                throw new InvalidOperationException(
                    "StreamingOptions.WriteAheadLog (spark.streaming.receiver.writeAheadLog.enable) needs a checkpoint directory to write received blocks to: call Checkpoint(directory) or use GetOrCreate before Start.");
            }
            lock (ActiveGate)
            {
                if (active is not null)
                {
                    throw new InvalidOperationException(
                        "Only one StreamingContext may be active in a process; stop the active one before starting another.");
                }
                active = this;
            }
            try
            {
                var now = Time.From(TimeProvider.GetUtcNow());
                var start = recovered is { } manifest ? new Time(manifest.StartTimeMs) : now.Floor(BatchInterval) + BatchInterval;
                Graph.Start(start - BatchInterval);
                if (Checkpointing.Checkpointer.SnapshotInterval(Graph.Stateful) is { } snapshotInterval)
                {
                    // Batches since the last snapshot are replayed after a crash: their inputs must still be known.
                    foreach (var stream in Graph.Stateful)
                    {
                        stream.RememberForReplay(snapshotInterval * 2);
                    }
                }
                StartTime = start;
                if (recovered is not null)
                {
                    Restore(recovered);
                }
                if (CheckpointDirectory is not null)
                {
                    checkpointer = new Checkpointing.Checkpointer(this, new Checkpointing.CheckpointStore(new Checkpointing.SharedDirectoryStorage(CheckpointDirectory), Logger), Graph.Stateful,
                        [.. Graph.Inputs.Where(input => input.IsCheckpointed)]);
                    if (recovered is not null)
                    {
                        checkpointer.Resume(recovered);
                    }
                    generator.BatchGenerated = checkpointer.OnBatchGenerated;
                    checkpointer.Start();
                }
                bus.Start();
                scheduler.Start();
                foreach (var input in Graph.Inputs)
                {
                    input.Start();
                }
                // Active and announced before the timer exists, so no batch can precede the start event.
                State = StreamingContextState.Active;
                // Before any batch runs (a recovery replays some at once): a SIGTERM from now on stops gracefully,
                // waiting for this start to finish, never killing the process in the middle of a batch.
                RegisterShutdownSignals();
                bus.Post(listener => listener.OnStreamingStarted(start));
                if (recovered is null)
                {
                    // Waited for (Start is not the generation path): the manifest holds the sources' positions as of
                    // the start, before a receiver stores anything.
                    checkpointer?.WriteInitialAsync().GetAwaiter().GetResult();
                }
                if (recovered is { } from)
                {
                    var replay = from.Batches.Select(batch => (new Time(batch.TimeMs), batch.Completed)).ToList();
                    var last = new[] { from.CheckpointTimeMs, from.StateTimeMs ?? 0 }.Concat(from.Batches.Select(batch => batch.TimeMs)).Max();
                    generator.StartRecovered(replay, new Time(last), now);
                }
                else
                {
                    generator.Start(start);
                }
                Logger.LogInformation("StreamingContext started: batches of {Interval} from {Start}", Durations.Format(BatchInterval), start);
            }
            catch
            {
                UnregisterShutdownSignals();
                lock (ActiveGate)
                {
                    active = null;
                }
                throw;
            }
        }
    }

    /// <summary>
    /// Stops the context. Graceful: sources stop taking data, what they already hold goes into a last batch, and every
    /// generated batch finishes, for at most <see cref="StreamingOptions.GracefulStopTimeout"/> (default 10 batch
    /// intervals) or until <paramref name="cancellationToken"/> fires; otherwise running jobs are cancelled at once.
    /// Idempotent. Disposes the <see cref="EmberContext"/> only when this context created it.
    /// </summary>
    public Task StopAsync(bool graceful = false, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (stopping is null)
            {
                var wasActive = State == StreamingContextState.Active;
                State = StreamingContextState.Stopped;
                stopping = StopCoreAsync(wasActive, graceful, cancellationToken);
            }
            return stopping;
        }
    }

    /// <summary>Completes when the context stops; throws the error of a failed job or of batch generation.</summary>
    public Task AwaitTerminationAsync(CancellationToken cancellationToken = default) => termination.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Waits for the context to stop, for at most <paramref name="timeout"/> (on the context's clock): true when it
    /// stopped, false on timeout; throws the error of a failed job.
    /// </summary>
    public async Task<bool> AwaitTerminationOrTimeoutAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await termination.Task.WaitAsync(timeout, TimeProvider, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Stops the context (not gracefully) and waits for it.</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Throws when the graph can no longer change (after <see cref="Start"/>).</summary>
    internal void EnsureBuildable(string operation)
    {
        if (State != StreamingContextState.Initialized)
        {
            throw new InvalidOperationException(
                $"Cannot add {operation} to a StreamingContext that is {State.ToString().ToLowerInvariant()}: create streams and output operations before Start.");
        }
    }

    internal void ReportError(string message, Exception error)
    {
        Logger.LogError(error, "{Message}", message);
        termination.TrySetException(new StreamingJobException(message, error));
    }
}

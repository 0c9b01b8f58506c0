using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Checkpointing;

/// <summary>
/// Keeps the context's checkpoints: a manifest when a batch is generated (with checkpointed sources, so their positions
/// survive a crash) and when it ends; at every checkpoint interval, after the batch completed, a snapshot of every
/// stateful stream. Between snapshots, the manifest lists the batches generated since, which recovery runs again. Writes
/// go through one ordered <see cref="CheckpointWriter"/>, off the batch's critical path except where a batch must wait
/// (its sources' positions before its outputs run, a snapshot due before its state is cleared); manifests asked for
/// while one is queued join it. A failed write (full disk, permissions, a vanished mount) is logged and posted to
/// listeners (<see cref="Listener.IStreamingListener.OnCheckpointFailed"/>), processing goes on, and the next write
/// tries again.
/// </summary>
/// <remarks>
/// A batch whose outputs failed stays listed as not completed, in every later manifest, until it completes after a
/// restart. Its state is saved apart (<see cref="HeldState"/>), so later snapshots go on as if it had ended: recovery
/// restores that held state and runs the batch's outputs again on it. Only when the held state could not be written
/// either do snapshots wait for the batch, so recovery can rebuild its state from the snapshot before it.
/// </remarks>
internal sealed class Checkpointer
{
    private readonly StreamingContext context;
    private readonly CheckpointStore store;
    private readonly IReadOnlyList<IStatefulStream> stateful;
    private readonly IReadOnlyList<DStreams.IInputSource> sources;
    private readonly StateSnapshotWriter snapshots;
    private readonly CheckpointWriter writer;
    private readonly TimeSpan? snapshotInterval;
    private readonly Lock gate = new();
    private readonly SortedDictionary<long, bool> batches = [];
    // Batches whose outputs failed, with their saved state (null: it could not be saved, so snapshots wait).
    private readonly SortedDictionary<long, IReadOnlyList<StateEntry>?> held = [];
    private IReadOnlyList<StateEntry> state = [];
    private long? stateTime;
    private long latest;
    private int failures;

    public Checkpointer(StreamingContext context, CheckpointStore store, IReadOnlyList<IStatefulStream> stateful, IReadOnlyList<DStreams.IInputSource> sources)
    {
        this.context = context;
        this.store = store;
        this.stateful = stateful;
        this.sources = sources;
        snapshots = new StateSnapshotWriter(store, stateful, context.EmberContext.Serializer);
        writer = new CheckpointWriter(context.Logger);
        snapshotInterval = SnapshotInterval(stateful);
        latest = context.Graph.ZeroTime!.Value.Milliseconds;
    }

    /// <summary>Continues from a recovered manifest: its snapshot stays current until the next one.</summary>
    public void Resume(CheckpointManifest manifest)
    {
        lock (gate)
        {
            state = manifest.State;
            stateTime = manifest.StateTimeMs;
            latest = Math.Max(latest, manifest.CheckpointTimeMs);
            foreach (var batch in manifest.Batches)
            {
                batches[batch.TimeMs] = batch.Completed;
            }
            foreach (var entry in manifest.Held ?? [])
            {
                held[entry.TimeMs] = entry.State;
            }
        }
    }

    public void Start() => writer.Start();

    /// <summary>Writes what is queued (bounded by <paramref name="cancellationToken"/>), then stops writing.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => writer.StopAsync(cancellationToken);

    /// <summary>
    /// Writes a manifest before the first batch of a fresh start, so that a crash even before that batch recovers this
    /// run (its start time, its sources' thresholds) rather than starting afresh and ignoring what arrived meanwhile.
    /// </summary>
    public Task WriteInitialAsync() => writer.EnqueueManifest(WriteManifestAsync);

    /// <summary>
    /// Records a generated batch. With checkpointed sources, queues a manifest with their positions and returns a task
    /// that completes once it was written (or its write failed and was reported): the batch's outputs wait for it, so
    /// no output runs on an allocation a crash could forget (a batch run again after a restart reads exactly what it
    /// read before). Without such sources there is nothing a crash could forget that a restart does not rebuild (the
    /// batch is generated again for the same time), so nothing is written or waited for here: the batch's completion
    /// records it.
    /// </summary>
    public Task OnBatchGenerated(Time time)
    {
        lock (gate)
        {
            // A completed batch replayed after a recovery stays completed: its outputs must never run again.
            batches.TryAdd(time.Milliseconds, false);
            latest = Math.Max(latest, time.Milliseconds);
        }
        return sources.Count > 0 ? writer.EnqueueManifest(WriteManifestAsync) : Task.CompletedTask;
    }

    /// <summary>
    /// Records a batch whose outputs all ran. When a snapshot is due, queues it and then a manifest, and returns a task
    /// the batch waits for (the snapshot reads this batch's state, which clearing later batches may drop). Otherwise
    /// the manifest is queued off the batch's critical path, joining one already queued (the writer builds it when it
    /// runs, so it covers every batch recorded until then), and the batch does not wait: a crash before it is written
    /// runs the batch again on restart, as a crash just before the batch ended would (Spark's answer: outputs at least
    /// once, keyed by batch time; state exact, since snapshots are referenced only by manifests written after them).
    /// </summary>
    public Task OnBatchCompletedAsync(Time time)
    {
        bool snapshot;
        lock (gate)
        {
            if (time.Milliseconds <= (stateTime ?? long.MinValue))
            {
                // A failed batch run again after later snapshots: their state already covers it.
                batches.Remove(time.Milliseconds);
            }
            else
            {
                batches[time.Milliseconds] = true;
            }
            held.Remove(time.Milliseconds);
            latest = Math.Max(latest, time.Milliseconds);
            snapshot = IsSnapshotTime(time);
        }
        if (!snapshot)
        {
            _ = writer.EnqueueManifest(WriteManifestAsync);
            return Task.CompletedTask;
        }
        return writer.Enqueue(async cancellationToken =>
        {
            await SnapshotAsync(time, cancellationToken).ConfigureAwait(false);
            await WriteManifestAsync(cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Records a batch with a failed output: it stays pending (run again after a restart), and its state is saved apart
    /// so later snapshots need not wait for it.
    /// </summary>
    public Task OnBatchFailedAsync(Time time) => writer.Enqueue(async cancellationToken =>
    {
        IReadOnlyList<StateEntry>? saved = [];
        if (snapshots.HasStateAt(time)
            && !await TryWriteAsync(time, "state of the failed batch", async () => saved = (await snapshots.WriteAsync(time, cancellationToken).ConfigureAwait(false)).Entries).ConfigureAwait(false))
        {
            saved = null;
        }
        lock (gate)
        {
            held[time.Milliseconds] = saved;
        }
        await WriteManifestAsync(cancellationToken).ConfigureAwait(false);
    });

    /// <summary>
    /// A snapshot is taken at a multiple of the interval, after the last one, once every batch up to it has ended: the
    /// replay list then holds only later batches and failed ones whose state is held (with concurrent jobs, an earlier
    /// batch may still be running; the snapshot waits).
    /// </summary>
    private bool IsSnapshotTime(Time time) =>
        snapshotInterval is { } interval && context.Graph.ZeroTime is { } zero && (time - zero).Ticks % interval.Ticks == 0
        && time.Milliseconds > (stateTime ?? long.MinValue)
        && snapshots.HasStateAt(time)
        && batches.Where(batch => batch.Key <= time.Milliseconds).All(batch => batch.Value || held.GetValueOrDefault(batch.Key) is not null);

    private async Task SnapshotAsync(Time time, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        IReadOnlyList<StateEntry> entries = [];
        IReadOnlyList<Listener.StateOperatorInfo> operators = [];
        if (!await TryWriteAsync(time, "state snapshot", async () => (entries, operators) = await snapshots.WriteAsync(time, cancellationToken, cutsLineage: true).ConfigureAwait(false))
            .ConfigureAwait(false))
        {
            return;
        }
        lock (gate)
        {
            state = entries;
            stateTime = time.Milliseconds;
            foreach (var done in batches.Where(batch => batch.Key <= time.Milliseconds && batch.Value).Select(batch => batch.Key).ToList())
            {
                batches.Remove(done);
            }
        }
        context.Logger.LogInformation("Checkpoint of batch {Time}: state of {Count} operator(s), {Bytes} bytes, in {Elapsed}",
            time, entries.Count, entries.Sum(entry => entry.Parts.Sum(part => part.Length)), System.Diagnostics.Stopwatch.GetElapsedTime(started));
        var checkpoint = new Listener.CheckpointInfo(time, context.TimeProvider.GetUtcNow(), operators);
        context.PostToListeners(listener => listener.OnCheckpointWritten(checkpoint));
    }

    private async Task WriteManifestAsync(CancellationToken cancellationToken)
    {
        Func<Dictionary<string, JsonNode?>, CheckpointManifest> build;
        lock (gate)
        {
            build = Build();
        }
        // Sources save outside the gate, so generation (which takes it) never waits on their disk work (a receiver's
        // log retention lists and deletes segments). Taken after the batch list, they cover every batch it lists: a
        // batch is allocated before it is recorded as generated.
        var positions = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            positions[source.Stream.CheckpointId!] = source.SaveAllocations();
        }
        var manifest = build(positions);
        await TryWriteAsync(new Time(manifest.CheckpointTimeMs), "manifest", () =>
        {
            store.Write(manifest);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
    }

    /// <summary>Takes the batches and state as they are now (under the gate); the result adds the sources' positions.</summary>
    private Func<Dictionary<string, JsonNode?>, CheckpointManifest> Build()
    {
        if (stateful.Count == 0)
        {
            // Without state, a completed batch never needs to run again.
            foreach (var done in batches.Where(batch => batch.Value).Select(batch => batch.Key).ToList())
            {
                batches.Remove(done);
            }
        }
        var (latestTime, snapshotTime, stateNow) = (latest, stateTime, state);
        BatchEntry[] listed = [.. batches.Select(batch => new BatchEntry(batch.Key, batch.Value))];
        HeldState[] heldNow = [.. held.Where(entry => entry.Value is { Count: > 0 }).Select(entry => new HeldState(entry.Key, entry.Value!))];
        return positions => new CheckpointManifest(
            CheckpointManifest.CurrentFormat,
            context.EmberContext.AppName,
            (long)context.BatchInterval.TotalMilliseconds,
            context.Graph.ZeroTime!.Value.Milliseconds,
            context.StartTime!.Value.Milliseconds,
            latestTime,
            snapshotTime,
            stateNow,
            listed,
            positions,
            heldNow);
    }

    /// <summary>
    /// Runs one write; a failure is logged and posted to listeners (never thrown: the batch goes on) and gives false.
    /// The first success after failures is logged, so the log shows when checkpoints resumed.
    /// </summary>
    private async Task<bool> TryWriteAsync(Time time, string what, Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
            if (Interlocked.Exchange(ref failures, 0) is var failed and > 0)
            {
                context.Logger.LogInformation("Checkpoint writes to {Directory} resumed after {Failures} failure(s)", store.Directory, failed);
            }
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            var consecutive = Interlocked.Increment(ref failures);
            context.Logger.LogError(error, "Checkpoint write of the {What} of batch {Time} to {Directory} failed; processing goes on and the next checkpoint is tried again",
                what, time, store.Directory);
            var failure = new Listener.CheckpointFailureInfo(time, context.TimeProvider.GetUtcNow(), store.Directory, what, error.Message, consecutive);
            context.PostToListeners(listener => listener.OnCheckpointFailed(failure));
            return false;
        }
    }

    /// <summary>
    /// One interval for all stateful streams, so their snapshots describe the same batch: the least common multiple
    /// of their checkpoint intervals (each a multiple of its stream's slide).
    /// </summary>
    public static TimeSpan? SnapshotInterval(IReadOnlyList<IStatefulStream> streams)
    {
        long? lcm = null;
        foreach (var interval in streams.Select(stream => stream.CheckpointInterval).OfType<TimeSpan>())
        {
            var ms = (long)interval.TotalMilliseconds;
            lcm = lcm is { } current ? current / Gcd(current, ms) * ms : ms;
        }
        return lcm is { } value ? TimeSpan.FromMilliseconds(value) : null;
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}

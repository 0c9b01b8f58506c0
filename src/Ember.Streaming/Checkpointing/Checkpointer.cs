using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Checkpointing;

/// <summary>
/// Writes the context's checkpoints: a manifest when a batch is generated (so its source positions survive a crash)
/// and when it completes; at every checkpoint interval, after the batch completed, a snapshot of every stateful
/// stream. Between snapshots, the manifest lists the batches generated since, which recovery runs again.
/// </summary>
internal sealed class Checkpointer
{
    private readonly StreamingContext context;
    private readonly CheckpointStore store;
    private readonly IReadOnlyList<IStatefulStream> stateful;
    private readonly IReadOnlyList<DStreams.IInputSource> sources;
    private readonly TimeSpan? snapshotInterval;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly SortedDictionary<long, bool> batches = [];
    private IReadOnlyList<StateEntry> state = [];
    private long? stateTime;

    public Checkpointer(StreamingContext context, CheckpointStore store, IReadOnlyList<IStatefulStream> stateful, IReadOnlyList<DStreams.IInputSource> sources)
    {
        this.context = context;
        this.store = store;
        this.stateful = stateful;
        this.sources = sources;
        snapshotInterval = SnapshotInterval(stateful);
    }

    /// <summary>Continues from a recovered manifest: its snapshot stays current until the next one.</summary>
    public void Resume(CheckpointManifest manifest)
    {
        state = manifest.State;
        stateTime = manifest.StateTimeMs;
        foreach (var batch in manifest.Batches)
        {
            batches[batch.TimeMs] = batch.Completed;
        }
    }

    /// <summary>
    /// Writes a manifest before the first batch of a fresh start, so that a crash even before that batch recovers this
    /// run (its start time, its sources' thresholds) rather than starting afresh and ignoring what arrived meanwhile.
    /// </summary>
    public void WriteInitial()
    {
        gate.Wait();
        try
        {
            Write(context.Graph.ZeroTime!.Value);
        }
        finally
        {
            gate.Release();
        }
    }

    public void OnBatchGenerated(Time time)
    {
        gate.Wait();
        try
        {
            // A completed batch replayed after a recovery stays completed: its outputs must never run again.
            batches.TryAdd(time.Milliseconds, false);
            Write(time);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task OnBatchCompletedAsync(Time time, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            batches[time.Milliseconds] = true;
            if (snapshotInterval is { } interval && IsSnapshotTime(time, interval))
            {
                await SnapshotAsync(time, cancellationToken).ConfigureAwait(false);
            }
            Write(time);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// A snapshot is taken at a multiple of the interval, once every batch up to it has completed: the replay list
    /// then holds only later batches (with concurrent jobs, an earlier batch may still be running; the snapshot waits).
    /// </summary>
    private bool IsSnapshotTime(Time time, TimeSpan interval) =>
        context.Graph.ZeroTime is { } zero && (time - zero).Ticks % interval.Ticks == 0
        && stateful.Any(stream => stream.HasStateAt(time))
        && batches.Where(batch => batch.Key <= time.Milliseconds).All(batch => batch.Value);

    private async Task SnapshotAsync(Time time, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var entries = new List<StateEntry>();
        var operators = new List<Listener.StateOperatorInfo>();
        foreach (var stream in stateful.Where(stream => stream.HasStateAt(time)))
        {
            var final = store.StateDirectory(stream.CheckpointId, time.Milliseconds);
            var temporary = store.TemporaryStateDirectory(stream.CheckpointId, time.Milliseconds);
            var files = new StateFiles(temporary, context.EmberContext.Serializer);
            var parts = await stream.WriteStateAsync(time, files, cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(temporary);
            CheckpointStore.CommitState(temporary, final);
            entries.Add(new StateEntry(stream.CheckpointId, stream.StateSignature, Path.GetRelativePath(store.Directory, final), parts));
            operators.Add(new Listener.StateOperatorInfo(stream.CheckpointId, stream.StateSignature, files.RecordsWritten, parts.Sum(part => part.Length)));
        }
        state = entries;
        stateTime = time.Milliseconds;
        foreach (var done in batches.Keys.Where(batch => batch <= time.Milliseconds).ToList())
        {
            batches.Remove(done);
        }
        context.Logger.LogInformation("Checkpoint of batch {Time}: state of {Count} operator(s), {Bytes} bytes, in {Elapsed}",
            time, entries.Count, entries.Sum(entry => entry.Parts.Sum(part => part.Length)), System.Diagnostics.Stopwatch.GetElapsedTime(started));
        var checkpoint = new Listener.CheckpointInfo(time, context.TimeProvider.GetUtcNow(), operators);
        context.PostToListeners(listener => listener.OnCheckpointWritten(checkpoint));
    }

    private void Write(Time time)
    {
        if (stateful.Count == 0)
        {
            // Without state, a completed batch never needs to run again.
            foreach (var done in batches.Where(batch => batch.Value).Select(batch => batch.Key).ToList())
            {
                batches.Remove(done);
            }
        }
        var positions = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            positions[source.Stream.CheckpointId!] = source.SaveAllocations();
        }
        store.Write(new CheckpointManifest(
            CheckpointManifest.CurrentFormat,
            context.EmberContext.AppName,
            (long)context.BatchInterval.TotalMilliseconds,
            context.Graph.ZeroTime!.Value.Milliseconds,
            context.StartTime!.Value.Milliseconds,
            time.Milliseconds,
            stateTime,
            state,
            [.. batches.Select(batch => new BatchEntry(batch.Key, batch.Value))],
            positions));
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

using Ember.Streaming.Checkpointing;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming;

public sealed partial class StreamingContext
{
    private CheckpointManifest? recovered;
    private Checkpointer? checkpointer;

    /// <summary>Sets the directory checkpoints are written to (created if missing). Call before <see cref="Start"/>.</summary>
    public void Checkpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        EnsureBuildable(nameof(Checkpoint));
        CheckpointDirectory = Path.GetFullPath(directory);
        Directory.CreateDirectory(CheckpointDirectory);
    }

    /// <summary>
    /// Recovers a streaming program from <paramref name="checkpointDirectory"/>, or creates it (Spark's getOrCreate).
    /// <paramref name="factory"/> always runs, to build the graph: no code is ever read from a checkpoint, so the
    /// program may change between runs (add outputs, change stateless functions). With a checkpoint, <see cref="Start"/>
    /// then restores the newest intact one: the state of every stateful operator, the source positions, and the batches
    /// generated but not yet covered by the saved state, which run again first, in order. Operators and sources are
    /// matched by id (<c>WithName</c>, else operation and rank); a stateful operator the checkpoint needs that is gone
    /// or whose types changed is refused with an error naming it. When every checkpoint is damaged, throws
    /// <see cref="CheckpointCorruptException"/>, unless <paramref name="createOnError"/> (then it starts fresh).
    /// </summary>
    public static StreamingContext GetOrCreate(string checkpointDirectory, Func<StreamingContext> factory, bool createOnError = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointDirectory);
        ArgumentNullException.ThrowIfNull(factory);
        var directory = Path.GetFullPath(checkpointDirectory);
        var context = factory() ?? throw new InvalidOperationException("The factory returned no StreamingContext.");
        try
        {
            if (context.CheckpointDirectory is null)
            {
                context.Checkpoint(directory);
            }
            else if (!string.Equals(context.CheckpointDirectory, directory, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The factory set the checkpoint directory '{context.CheckpointDirectory}', not '{directory}' given to GetOrCreate.");
            }
            var store = new CheckpointStore(new SharedDirectoryStorage(directory), context.Logger);
            var manifest = store.ReadLatest(context.EmberContext.Serializer, out var rejected);
            if (manifest is null && store.HasManifests && !createOnError)
            {
                throw new CheckpointCorruptException(
                    $"No usable checkpoint in '{directory}': {string.Join("; ", rejected)}. Pass createOnError: true to start afresh (all state is lost).");
            }
            context.recovered = manifest;
            if (manifest is not null)
            {
                context.CheckBelongsHere(manifest);
                context.Logger.LogInformation("Recovering from the checkpoint of batch {Time} in {Directory}", new Time(manifest.CheckpointTimeMs), directory);
            }
            return context;
        }
        catch
        {
            context.StopAsync().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>As <see cref="GetOrCreate"/>, for a factory that is asynchronous.</summary>
    public static async Task<StreamingContext> GetOrCreateAsync(
        string checkpointDirectory, Func<Task<StreamingContext>> factory, bool createOnError = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var context = await factory().WaitAsync(cancellationToken).ConfigureAwait(false);
        return GetOrCreate(checkpointDirectory, () => context, createOnError);
    }

    /// <summary>True when <see cref="Start"/> will recover from a checkpoint rather than start fresh.</summary>
    public bool IsRecovering => recovered is not null;

    /// <summary>Checks the recovered checkpoint against this program, then restores state and source positions.</summary>
    private void Restore(CheckpointManifest manifest)
    {
        CheckBelongsHere(manifest);
        var streams = Graph.Stateful.ToDictionary(stream => stream.CheckpointId, StringComparer.Ordinal);
        var held = manifest.Held ?? [];
        foreach (var entry in manifest.State.Concat(held.SelectMany(batch => batch.State)))
        {
            if (!streams.TryGetValue(entry.Id, out var stream))
            {
                throw new InvalidOperationException(
                    $"The checkpoint holds the state of '{entry.Id}' ({entry.Signature}), which this program no longer has. Keep the operator " +
                    $"(name it with WithName(\"{entry.Id}\") if its position changed) or start from an empty checkpoint directory.");
            }
            if (!string.Equals(stream.StateSignature, entry.Signature, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The checkpoint's state of '{entry.Id}' is {entry.Signature}, but this program's is {stream.StateSignature}: the key or state type changed.");
            }
        }
        // The state of each batch whose outputs failed: the batch runs again first, on the state it saw.
        foreach (var batch in held)
        {
            foreach (var entry in batch.State)
            {
                streams[entry.Id].RestoreState(new Time(batch.TimeMs),
                    new StateFiles(new SharedDirectoryStorage(CheckpointDirectory!), entry.Directory, EmberContext.Serializer, entry.Parts));
            }
        }
        if (manifest.StateTimeMs is { } stateTime)
        {
            foreach (var entry in manifest.State)
            {
                streams[entry.Id].RestoreState(new Time(stateTime),
                    new StateFiles(new SharedDirectoryStorage(CheckpointDirectory!), entry.Directory, EmberContext.Serializer, entry.Parts));
            }
            foreach (var added in streams.Keys.Except(manifest.State.Select(entry => entry.Id)))
            {
                Logger.LogWarning("Stateful operator {Id} is not in the checkpoint: it starts from its initial state at batch {Time}", added, new Time(stateTime));
                streams[added].StartFresh(new Time(stateTime));
            }
        }
        foreach (var source in Graph.Inputs.Where(input => input.IsCheckpointed))
        {
            if (manifest.Sources.TryGetValue(source.Stream.CheckpointId!, out var allocations))
            {
                source.RestoreAllocations(allocations);
            }
            else
            {
                Logger.LogWarning("Source {Id} is not in the checkpoint: it starts from now", source.Stream.CheckpointId);
            }
        }
    }

    /// <summary>
    /// A batch whose outputs all ran is recorded as completed and its metadata cleared. One with a failed output is
    /// not (Spark's <c>handleJobCompletion</c>): it stays pending in every later checkpoint, and with a checkpoint the
    /// allocation ledger keeps what it read, so a restart runs it again with its batch time and its input.
    /// </summary>
    private async Task OnBatchEnded(Time time, bool succeeded, CancellationToken cancellationToken)
    {
        if (!succeeded)
        {
            if (checkpointer is not null)
            {
                await checkpointer.OnBatchFailedAsync(time).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        if (checkpointer is not null)
        {
            // Completes at once unless a snapshot is due: that reads this batch's state, which clearing it may drop.
            await checkpointer.OnBatchCompletedAsync(time).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        Graph.ClearMetadata(time);
    }

    /// <summary>Refuses a checkpoint written by another application or with another batch interval.</summary>
    private void CheckBelongsHere(CheckpointManifest manifest)
    {
        if (!string.Equals(manifest.Application, EmberContext.AppName, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The checkpoint in '{CheckpointDirectory}' belongs to application '{manifest.Application}', not '{EmberContext.AppName}': use another directory.");
        }
        if (manifest.BatchIntervalMs != (long)BatchInterval.TotalMilliseconds)
        {
            throw new InvalidOperationException(
                $"The checkpoint in '{CheckpointDirectory}' was written with batches of {manifest.BatchIntervalMs} ms, not {Durations.Format(BatchInterval)}.");
        }
    }
}

using Ember.Streaming.Listener;

namespace Ember.Streaming.Checkpointing;

/// <summary>
/// Writes the state of every stateful stream as of one batch into <c>state/&lt;id&gt;/&lt;ms&gt;/</c>: each into a
/// temporary directory renamed into place. A write that fails removes every directory it made, temporary or already
/// renamed (no manifest refers to them), so a full disk is not kept full by half a snapshot.
/// </summary>
internal sealed class StateSnapshotWriter(CheckpointStore store, IReadOnlyList<IStatefulStream> stateful, Ember.Serialization.ISerializer serializer)
{
    /// <summary>True when some stateful stream has state at <paramref name="time"/> (a slide time of it).</summary>
    public bool HasStateAt(Time time) => stateful.Any(stream => stream.HasStateAt(time));

    public async Task<(IReadOnlyList<StateEntry> Entries, IReadOnlyList<StateOperatorInfo> Operators)> WriteAsync(Time time, CancellationToken cancellationToken)
    {
        var entries = new List<StateEntry>();
        var operators = new List<StateOperatorInfo>();
        var made = new List<string>();
        try
        {
            foreach (var stream in stateful.Where(stream => stream.HasStateAt(time)))
            {
                var final = store.StateDirectory(stream.CheckpointId, time.Milliseconds);
                var temporary = store.TemporaryStateDirectory(stream.CheckpointId, time.Milliseconds);
                made.Add(temporary);
                var files = new StateFiles(temporary, serializer);
                var parts = await stream.WriteStateAsync(time, files, cancellationToken).ConfigureAwait(false);
                Directory.CreateDirectory(temporary);
                made.Add(final);
                CheckpointStore.CommitState(temporary, final);
                entries.Add(new StateEntry(stream.CheckpointId, stream.StateSignature, Path.GetRelativePath(store.Directory, final), parts));
                operators.Add(new StateOperatorInfo(stream.CheckpointId, stream.StateSignature, files.RecordsWritten, parts.Sum(part => part.Length)));
            }
            return (entries, operators);
        }
        catch
        {
            foreach (var directory in made)
            {
                CheckpointStore.Discard(directory);
            }
            throw;
        }
    }
}

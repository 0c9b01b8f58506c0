using Ember.Streaming.Listener;

namespace Ember.Streaming.Checkpointing;

/// <summary>
/// Writes the state of every stateful stream as of one batch into <c>state/&lt;id&gt;/&lt;ms&gt;/</c>: tasks (on the
/// executors that hold the partitions) write part files under temporary names into a temporary directory; the driver
/// then names the files and renames the directory into place, so no reader ever sees half a snapshot. A write that
/// fails removes every directory it made, temporary or already renamed (no manifest refers to them), so a full disk is
/// not kept full by half a snapshot.
/// </summary>
internal sealed class StateSnapshotWriter(CheckpointStore store, IReadOnlyList<IStatefulStream> stateful, Ember.Serialization.ISerializer serializer)
{
    /// <summary>True when some stateful stream has state at <paramref name="time"/> (a slide time of it).</summary>
    public bool HasStateAt(Time time) => stateful.Any(stream => stream.HasStateAt(time));

    /// <summary>
    /// Writes the state of <paramref name="time"/>. With <paramref name="cutsLineage"/> (a snapshot a manifest will
    /// keep as the current state) each stream is told once its files are committed, so a cluster's state reads lost
    /// partitions from them.
    /// </summary>
    public async Task<(IReadOnlyList<StateEntry> Entries, IReadOnlyList<StateOperatorInfo> Operators)> WriteAsync(
        Time time, CancellationToken cancellationToken, bool cutsLineage = false)
    {
        var entries = new List<StateEntry>();
        var operators = new List<StateOperatorInfo>();
        var made = new List<string>();
        var committed = new List<(IStatefulStream Stream, StateFiles Files)>();
        try
        {
            foreach (var stream in stateful.Where(stream => stream.HasStateAt(time)))
            {
                var final = CheckpointStore.StateDirectory(stream.CheckpointId, time.Milliseconds);
                var temporary = CheckpointStore.TemporaryStateDirectory(stream.CheckpointId, time.Milliseconds);
                made.Add(temporary);
                var files = new StateFiles(store.Storage, temporary, serializer);
                var parts = files.Commit(await stream.WriteStateAsync(time, files, cancellationToken).ConfigureAwait(false));
                made.Add(final);
                store.CommitState(temporary, final);
                entries.Add(new StateEntry(stream.CheckpointId, stream.StateSignature, final, parts));
                operators.Add(new StateOperatorInfo(stream.CheckpointId, stream.StateSignature, files.RecordsWritten, parts.Sum(part => part.Length)));
                committed.Add((stream, new StateFiles(store.Storage, final, serializer, parts)));
            }
        }
        catch
        {
            foreach (var directory in made)
            {
                store.Storage.Delete(directory);
            }
            throw;
        }
        if (cutsLineage)
        {
            foreach (var (stream, files) in committed)
            {
                stream.SnapshotCommitted(time, files);
            }
        }
        return (entries, operators);
    }
}

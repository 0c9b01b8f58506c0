using Ember.Checkpointing;
using Ember.Partitioning;
using Microsoft.Extensions.Logging;

namespace Ember;

public sealed partial class EmberContext
{
    private string? checkpointDir;
    private int pendingCheckpoints;

    /// <summary>
    /// The directory this context writes reliable checkpoints into (Spark's getCheckpointDir): a subdirectory with a
    /// unique name inside the path given to <see cref="SetCheckpointDir"/>; null until then.
    /// </summary>
    public string? CheckpointDir => Volatile.Read(ref checkpointDir);

    /// <summary>
    /// Sets where <see cref="Rdd{T}.Checkpoint"/> writes (Spark's setCheckpointDir): a subdirectory with a unique name
    /// is created inside <paramref name="path"/> (created too when missing), so contexts sharing one path never mix
    /// their files. The path must be on storage that outlives the process (and, in cluster mode, that every executor
    /// reaches). RDDs marked before a change keep the directory they were marked with.
    /// </summary>
    public void SetCheckpointDir(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.Combine(Path.GetFullPath(path), Guid.NewGuid().ToString());
        Directory.CreateDirectory(directory);
        Volatile.Write(ref checkpointDir, directory);
    }

    /// <summary>
    /// The records of a reliable checkpoint written by <see cref="Rdd{T}.Checkpoint"/>, in this or an earlier context or
    /// process (Spark's checkpointFile): <paramref name="path"/> is the directory <see cref="Rdd.GetCheckpointFile"/>
    /// returned, read back with one partition per part file and no lineage. It is how a later program (or, later,
    /// the streaming layer) reads checkpointed RDDs back after a restart. <typeparamref name="T"/> must be the written record type (or one the
    /// serializer reads from the same bytes).
    /// </summary>
    /// <param name="path">The checkpoint's directory, <c>&lt;CheckpointDir&gt;/rdd-&lt;id&gt;</c>.</param>
    /// <param name="partitioner">
    /// The partitioner that placed the records, for one the checkpoint cannot rebuild itself. Default: the recorded one
    /// when the writer used a <see cref="Partitioning.HashPartitioner"/>, else none. Must have as many partitions as
    /// the checkpoint, and match the recorded one when there is one.
    /// </param>
    /// <exception cref="DirectoryNotFoundException"><paramref name="path"/> does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The directory is not a complete checkpoint (no <c>_metadata.json</c>: its write never finished) or a part file is
    /// missing, named in the message. A part file's checksum is checked when a job reads it.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="partitioner"/> does not fit the checkpoint.</exception>
    public Rdd<T> CheckpointFile<T>(string path, IPartitioner? partitioner = null) => new ReliableCheckpointRdd<T>(this, path, partitioner);

    /// <summary>Counts an RDD marked for a reliable checkpoint, so jobs look for marked RDDs only while there are some.</summary>
    internal void MarkedForCheckpoint() => Interlocked.Increment(ref pendingCheckpoints);

    internal void CheckpointWritten(Rdd rdd, string directory)
    {
        Interlocked.Decrement(ref pendingCheckpoints);
        if (Options.CleanCheckpoints)
        {
            cleaner.Register(rdd, () =>
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    // The sweep runs before some unrelated job: a file someone else deleted or holds must not fail it.
                    Logger.LogWarning("Could not delete checkpoint {Directory}: {Reason}", directory, error.Message);
                }
            });
        }
    }
}

namespace Ember.Checkpointing;

/// <summary>
/// An RDD marked by <see cref="Rdd{T}.Checkpoint"/> (Spark's ReliableRDDCheckpointData): written to
/// <c>&lt;checkpoint dir&gt;/rdd-&lt;id&gt;</c> after the next job that reaches it, then its lineage is cut to the files.
/// Marked, then Writing, then Checkpointed; a failed write goes back to Marked (its files deleted), so a later job
/// tries again where Spark would give up.
/// </summary>
internal sealed class ReliableCheckpointData
{
    private readonly Lock gate = new();
    private readonly Rdd rdd;
    private readonly Func<CancellationToken, Task<Rdd>> write;
    private State state;

    private ReliableCheckpointData(Rdd rdd, string directory, Func<CancellationToken, Task<Rdd>> write)
    {
        this.rdd = rdd;
        Directory = directory;
        this.write = write;
    }

    private enum State
    {
        Marked,
        Writing,
        Checkpointed,
    }

    /// <summary>Where the RDD's files go: a full path.</summary>
    public string Directory { get; }

    public bool IsCheckpointed
    {
        get
        {
            lock (gate)
            {
                return state == State.Checkpointed;
            }
        }
    }

    public static ReliableCheckpointData For<T>(Rdd<T> rdd, string checkpointDir)
    {
        var directory = Path.Combine(checkpointDir, $"rdd-{rdd.Id}");
        return new ReliableCheckpointData(rdd, directory, cancellationToken => WriteAsync(rdd, directory, cancellationToken));
    }

    /// <summary>
    /// Writes, one after another, the marked RDDs that <paramref name="root"/>'s lineage reaches through unmarked RDDs
    /// (Spark's doCheckpoint: the ancestors of a marked RDD are not looked at). An RDD another job is writing is skipped.
    /// </summary>
    public static async Task WriteMarkedAsync(Rdd root, CancellationToken cancellationToken)
    {
        var marked = new List<ReliableCheckpointData>();
        var visited = new HashSet<int>();
        var pending = new Stack<Rdd>([root]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!visited.Add(current.Id))
            {
                continue;
            }
            if (current.ReliableCheckpoint is { } data)
            {
                marked.Add(data);
                continue;
            }
            foreach (var dependency in current.Dependencies)
            {
                pending.Push(dependency.Parent);
            }
        }
        foreach (var data in marked)
        {
            await data.WriteOnceAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteOnceAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (state != State.Marked)
            {
                return;
            }
            state = State.Writing;
        }
        Rdd checkpoint;
        try
        {
            checkpoint = await write(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (gate)
            {
                state = State.Marked;
            }
            throw;
        }
        rdd.CutLineage(checkpoint, reliable: true);
        lock (gate)
        {
            state = State.Checkpointed;
        }
        rdd.Context.CheckpointWritten(rdd, Directory);
    }

    /// <summary>
    /// Writes every partition of <paramref name="rdd"/> in one job (computed again, unless persisted), then the
    /// metadata that makes the checkpoint complete, and returns the RDD that reads the files back.
    /// </summary>
    private static async Task<Rdd> WriteAsync<T>(Rdd<T> rdd, string directory, CancellationToken cancellationToken)
    {
        // Leftovers of an earlier failed write (or of a crashed process that used the same directory) go first.
        DeleteIfExists(directory);
        System.IO.Directory.CreateDirectory(directory);
        try
        {
            var serializer = rdd.Context.Serializer;
            var counts = await rdd.Context.RunActionAsync("Checkpoint", rdd, (task, records) => CheckpointPartFile.Write(CheckpointPartFile.PathOf(directory, task.PartitionId), records, serializer),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            CheckpointMetadata.Describe(rdd, counts.Sum()).Write(directory);
            return new ReliableCheckpointRdd<T>(rdd.Context, directory, rdd.Partitioner);
        }
        catch
        {
            try
            {
                DeleteIfExists(directory);
            }
            catch (IOException)
            {
                // Without its metadata the directory is never read as a checkpoint; the next write clears it.
            }
            throw;
        }
    }

    private static void DeleteIfExists(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}

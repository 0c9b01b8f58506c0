using Ember.Checkpointing;
using Ember.Dependencies;
using Ember.Partitioning;
using Ember.Storage;

namespace Ember;

/// <summary>
/// The type-independent face of an RDD: identity, partitions, lineage and storage. The scheduler walks these;
/// users work with <see cref="Rdd{T}"/>.
/// </summary>
public abstract class Rdd
{
    private readonly Lock gate = new();
    private IReadOnlyList<Partition>? partitions;
    private IReadOnlyList<Dependency>? dependencies;
    private Rdd? checkpointRdd;
    private bool reliablyCheckpointed;
    private ReliableCheckpointData? reliableCheckpoint;

    private protected Rdd(EmberContext context, string operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        Operation = operation;
        Id = context.NewRddId(operation);
    }

    /// <summary>The context that created this RDD.</summary>
    public EmberContext Context { get; }

    /// <summary>A number unique within the context.</summary>
    public int Id { get; }

    /// <summary>The operation that created this RDD (<c>Map</c>, <c>ReduceByKey</c>, ...), shown in errors and logs.</summary>
    public string Operation { get; }

    /// <summary>An optional name given by <see cref="Rdd{T}.SetName"/>.</summary>
    public string? Name { get; private protected set; }

    /// <summary>
    /// The partitions, computed once. Partition <c>i</c> must have <see cref="Partition.Index"/> <c>i</c>: the scheduler
    /// addresses tasks by index, so a misnumbered list is rejected with <see cref="InvalidOperationException"/>
    /// naming this RDD and the position (Spark's SPARK-13021 check).
    /// </summary>
    public IReadOnlyList<Partition> Partitions
    {
        get
        {
            lock (gate)
            {
                return partitions ??= Checked(GetPartitions());
            }
        }
    }

    private IReadOnlyList<Partition> Checked(IReadOnlyList<Partition> listed)
    {
        if (listed is null)
        {
            throw new InvalidOperationException($"{this} listed no partitions: GetPartitions returned null.");
        }
        for (var i = 0; i < listed.Count; i++)
        {
            if (listed[i]?.Index != i)
            {
                throw new InvalidOperationException(
                    $"{this} lists {(listed[i] is null ? "null" : $"a partition with Index {listed[i].Index}")} at position {i}: " +
                    $"GetPartitions must return partition i at position i, with Index i (SPARK-13021).");
            }
        }
        return listed;
    }

    /// <summary>How this RDD depends on its parents, computed once.</summary>
    public IReadOnlyList<Dependency> Dependencies
    {
        get
        {
            lock (gate)
            {
                return dependencies ??= GetDependencies();
            }
        }
    }

    /// <summary>How keys are placed across partitions, when known (after a shuffle or <c>PartitionBy</c>); else null.</summary>
    public virtual IPartitioner? Partitioner => null;

    /// <summary>Where computed partitions are kept; <see cref="StorageLevel.None"/> unless persisted.</summary>
    public StorageLevel StorageLevel { get; private protected set; } = StorageLevel.None;

    /// <summary>
    /// True once the lineage has been cut (Spark's isCheckpointed): by <see cref="Rdd{T}.Checkpoint"/> followed by an
    /// action, the partitions then read from the checkpoint files, or by <see cref="Rdd{T}.LocalCheckpointAsync"/>,
    /// the partitions then read from storage only. <see cref="Dependencies"/> is then one one-to-one dependency on the
    /// RDD that reads the checkpoint.
    /// </summary>
    public bool IsCheckpointed => CheckpointRdd is not null;

    /// <summary>
    /// The directory holding this RDD's reliable checkpoint (<c>&lt;CheckpointDir&gt;/rdd-&lt;id&gt;</c>), readable by
    /// <see cref="EmberContext.CheckpointFile{T}"/>, once it is written; null before, and for a local checkpoint
    /// (Spark's getCheckpointFile).
    /// </summary>
    public string? GetCheckpointFile() => ReliableCheckpoint is { IsCheckpointed: true } data ? data.Directory : null;

    /// <summary>The RDD partitions are read from once the lineage is cut; else null.</summary>
    internal Rdd? CheckpointRdd => Volatile.Read(ref checkpointRdd);

    /// <summary>Set once by <see cref="Rdd{T}.Checkpoint"/>; never cleared.</summary>
    internal ReliableCheckpointData? ReliableCheckpoint => Volatile.Read(ref reliableCheckpoint);

    /// <summary>Marks this RDD for a reliable checkpoint; false when it was marked already.</summary>
    internal bool MarkForCheckpoint(ReliableCheckpointData data) => Interlocked.CompareExchange(ref reliableCheckpoint, data, null) is null;

    /// <summary>
    /// Replaces the lineage by <paramref name="checkpoint"/> (one one-to-one dependency on it) and runs
    /// <see cref="ClearDependencies"/>, so that the parents and their shuffle outputs can be freed. A reliable
    /// checkpoint replaces a local one, never the reverse: files outlive the process, stored blocks do not.
    /// </summary>
    internal void CutLineage(Rdd checkpoint, bool reliable)
    {
        lock (gate)
        {
            if (reliablyCheckpointed)
            {
                return;
            }
            dependencies = [new OneToOneDependency(checkpoint)];
            reliablyCheckpointed = reliable;
            Volatile.Write(ref checkpointRdd, checkpoint);
        }
        ClearDependencies();
    }

    /// <summary>
    /// Called when the lineage is cut: an RDD that holds references to its parents drops them here, so that the
    /// parents (and their shuffle outputs) can be garbage-collected.
    /// </summary>
    protected virtual void ClearDependencies()
    {
    }

    /// <summary>
    /// The executors that partition <paramref name="partition"/> would rather be computed on (Spark's
    /// getPreferredLocations): a source whose readers keep connections open per executor, a block kept by some
    /// executors. A hint: a cluster runs the task there when one of them has a free core, elsewhere otherwise; a cached
    /// copy of the partition (or of a parent it reads through narrow dependencies) takes precedence. Called on the
    /// driver, when the task is queued; ids not (or no longer) among <see cref="EmberContext.ExecutorIds"/> are ignored.
    /// Empty by default: no preference.
    /// </summary>
    protected internal virtual IReadOnlyList<string> PreferredLocations(Partition partition) => [];

    /// <summary>Lists the partitions; called once.</summary>
    protected abstract IReadOnlyList<Partition> GetPartitions();

    /// <summary>Lists the dependencies; called once.</summary>
    protected abstract IReadOnlyList<Dependency> GetDependencies();

    /// <inheritdoc />
    public override string ToString() => $"{Name ?? Operation} [{Id}]";
}

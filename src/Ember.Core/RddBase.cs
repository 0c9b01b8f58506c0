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

    /// <summary>True once <see cref="Rdd{T}.LocalCheckpointAsync"/> has cut the lineage: partitions come from storage only.</summary>
    public bool IsLineageTruncated { get; private set; }

    /// <summary>Forgets the parents: <see cref="Dependencies"/> becomes empty and <see cref="ClearDependencies"/> runs.</summary>
    private protected void TruncateLineage()
    {
        lock (gate)
        {
            dependencies = [];
            IsLineageTruncated = true;
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

    /// <summary>Lists the partitions; called once.</summary>
    protected abstract IReadOnlyList<Partition> GetPartitions();

    /// <summary>Lists the dependencies; called once.</summary>
    protected abstract IReadOnlyList<Dependency> GetDependencies();

    /// <inheritdoc />
    public override string ToString() => $"{Name ?? Operation} [{Id}]";
}

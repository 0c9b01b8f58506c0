using Ember.Dependencies;
using Ember.Partitioning;

namespace Ember.Rdds;

/// <summary>Partition <c>i</c> of two RDDs with the same number of partitions, combined by one function. Narrow.</summary>
internal sealed class ZippedPartitionsRdd<TLeft, TRight, TResult> : Rdd<TResult>
{
    private readonly Func<IEnumerable<TLeft>, IEnumerable<TRight>, IEnumerable<TResult>> zip;
    private readonly IPartitioner? partitioner;
    private Rdd<TLeft>? left;
    private Rdd<TRight>? right;

    public ZippedPartitionsRdd(Rdd<TLeft> left, Rdd<TRight> right, Func<IEnumerable<TLeft>, IEnumerable<TRight>, IEnumerable<TResult>> zip, bool preservesPartitioning)
        : base(left.Context, "ZipPartitions")
    {
        if (left.Partitions.Count != right.Partitions.Count)
        {
            throw new ArgumentException(
                $"ZipPartitions needs the same number of partitions on both sides: {left} has {left.Partitions.Count}, {right} has {right.Partitions.Count}.",
                nameof(right));
        }
        this.left = left;
        this.right = right;
        this.zip = zip;
        partitioner = preservesPartitioning ? left.Partitioner : null;
    }

    public override IPartitioner? Partitioner => partitioner;

    protected override IReadOnlyList<Partition> GetPartitions() => Left.Partitions;

    protected override IReadOnlyList<Dependency> GetDependencies() => [new OneToOneDependency(Left), new OneToOneDependency(Right)];

    protected internal override IEnumerable<TResult> Compute(Partition partition, TaskContext context) =>
        zip(Left.Iterator(partition, context), Right.Iterator(Right.Partitions[partition.Index], context));

    protected override void ClearDependencies()
    {
        left = null;
        right = null;
    }

    private Rdd<TLeft> Left => left ?? throw new InvalidOperationException($"The lineage of {this} was cut.");

    private Rdd<TRight> Right => right ?? throw new InvalidOperationException($"The lineage of {this} was cut.");
}

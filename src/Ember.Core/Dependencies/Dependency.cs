namespace Ember.Dependencies;

/// <summary>How an RDD depends on one of its parents: the edge of the lineage graph the scheduler cuts into stages.</summary>
public abstract class Dependency
{
    private protected Dependency(Rdd parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        Parent = parent;
    }

    /// <summary>The parent RDD.</summary>
    public Rdd Parent { get; }
}

/// <summary>
/// Each child partition reads a known, small set of parent partitions: computed in the same task as the child,
/// with no data exchange (pipelined).
/// </summary>
public abstract class NarrowDependency : Dependency
{
    private protected NarrowDependency(Rdd parent) : base(parent) { }

    /// <summary>The parent partitions that child partition <paramref name="partitionId"/> reads.</summary>
    public abstract IReadOnlyList<int> GetParents(int partitionId);
}

/// <summary>Child partition <c>i</c> reads parent partition <c>i</c> (Map, Filter, ...).</summary>
public sealed class OneToOneDependency(Rdd parent) : NarrowDependency(parent)
{
    /// <inheritdoc />
    public override IReadOnlyList<int> GetParents(int partitionId) => [partitionId];
}

/// <summary>A range of child partitions maps one-to-one onto a range of parent partitions (Union).</summary>
public sealed class RangeDependency : NarrowDependency
{
    /// <summary>Child partitions [<paramref name="outStart"/>, +<paramref name="length"/>) read parent partitions [<paramref name="inStart"/>, ...).</summary>
    public RangeDependency(Rdd parent, int inStart, int outStart, int length) : base(parent)
    {
        InStart = inStart;
        OutStart = outStart;
        Length = length;
    }

    /// <summary>First parent partition of the range.</summary>
    public int InStart { get; }

    /// <summary>First child partition of the range.</summary>
    public int OutStart { get; }

    /// <summary>Number of partitions in the range.</summary>
    public int Length { get; }

    /// <inheritdoc />
    public override IReadOnlyList<int> GetParents(int partitionId) =>
        partitionId >= OutStart && partitionId < OutStart + Length ? [partitionId - OutStart + InStart] : [];
}

/// <summary>Each child partition reads a fixed group of parent partitions, with no shuffle (Coalesce).</summary>
public sealed class GroupedDependency(Rdd parent, IReadOnlyList<IReadOnlyList<int>> groups) : NarrowDependency(parent)
{
    /// <inheritdoc />
    public override IReadOnlyList<int> GetParents(int partitionId) => groups[partitionId];
}

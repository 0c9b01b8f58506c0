namespace Ember;

/// <summary>One slice of an <see cref="Rdd{T}"/>: the unit of parallelism, computed by one task.</summary>
/// <remarks>Subclasses carry what the owning RDD needs to compute the slice (a file range, a parent partition).</remarks>
public class Partition
{
    /// <summary>Creates a partition with its position in the owning RDD.</summary>
    public Partition(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Index = index;
    }

    /// <summary>The partition's position in the owning RDD, from 0.</summary>
    public int Index { get; }

    /// <inheritdoc />
    public override string ToString() => $"Partition {Index}";
}

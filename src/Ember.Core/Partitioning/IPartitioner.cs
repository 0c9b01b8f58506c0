namespace Ember.Partitioning;

/// <summary>Decides which partition a key belongs to. Equal partitioners place every key identically.</summary>
/// <remarks>
/// Two RDDs with equal partitioners are co-partitioned: joining or re-aggregating them needs no shuffle.
/// Implementations must be deterministic across processes (see <see cref="StableHash"/>).
/// </remarks>
public interface IPartitioner : IEquatable<IPartitioner>
{
    /// <summary>How many partitions keys are spread over.</summary>
    int NumPartitions { get; }

    /// <summary>The partition of <paramref name="key"/>, in [0, <see cref="NumPartitions"/>).</summary>
    int GetPartition<TKey>(TKey key);
}

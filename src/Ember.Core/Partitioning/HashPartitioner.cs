namespace Ember.Partitioning;

/// <summary>
/// Spreads keys by <see cref="StableHash"/> modulo the partition count (Spark's HashPartitioner). A <c>null</c>
/// key goes to partition 0. The placement is the same in every process and every run.
/// </summary>
public sealed class HashPartitioner : IPartitioner
{
    /// <summary>Creates a partitioner over <paramref name="partitions"/> partitions (at least 1).</summary>
    public HashPartitioner(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        NumPartitions = partitions;
    }

    /// <inheritdoc />
    public int NumPartitions { get; }

    /// <inheritdoc />
    public int GetPartition<TKey>(TKey key)
    {
        if (key is null)
        {
            return 0;
        }
        var mod = StableHash.Of(key) % NumPartitions;
        return mod < 0 ? mod + NumPartitions : mod;
    }

    /// <inheritdoc />
    public bool Equals(IPartitioner? other) => other is HashPartitioner hash && hash.NumPartitions == NumPartitions;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IPartitioner other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => NumPartitions;

    /// <inheritdoc />
    public override string ToString() => $"HashPartitioner({NumPartitions})";
}

using System.Runtime.CompilerServices;

namespace Ember.Partitioning;

/// <summary>Keys that are already partition numbers, in [0, n): key <c>k</c> goes to partition <c>k</c> (Repartition's round-robin).</summary>
internal sealed class DirectPartitioner(int partitions) : IPartitioner
{
    public int NumPartitions { get; } = partitions;

    public int GetPartition<TKey>(TKey key) =>
        typeof(TKey) == typeof(int) ? Unsafe.As<TKey, int>(ref key) : throw new ArgumentException($"DirectPartitioner needs int keys, not {typeof(TKey)}.", nameof(key));

    public bool Equals(IPartitioner? other) => other is DirectPartitioner direct && direct.NumPartitions == NumPartitions;

    public override bool Equals(object? obj) => obj is IPartitioner other && Equals(other);

    public override int GetHashCode() => NumPartitions;
}

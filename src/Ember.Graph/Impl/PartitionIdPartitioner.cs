using Ember.Partitioning;

namespace Ember.Graph.Impl;

/// <summary>Places a record keyed by a partition number in that partition: how blocks reach the partition they are addressed to.</summary>
internal sealed class PartitionIdPartitioner(int partitions) : IPartitioner
{
    public int NumPartitions { get; } = partitions;

    public int GetPartition<TKey>(TKey key) => key is int partition
        ? partition
        : throw new ArgumentException($"{nameof(PartitionIdPartitioner)} places int keys only, not {typeof(TKey)}.", nameof(key));

    public bool Equals(IPartitioner? other) => other is PartitionIdPartitioner direct && direct.NumPartitions == NumPartitions;

    public override bool Equals(object? obj) => obj is IPartitioner other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(nameof(PartitionIdPartitioner), NumPartitions);
}

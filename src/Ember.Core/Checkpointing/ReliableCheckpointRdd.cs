using Ember.Dependencies;
using Ember.Partitioning;

namespace Ember.Checkpointing;

/// <summary>
/// The records of a complete reliable checkpoint directory (Spark's ReliableCheckpointRDD): one partition per part
/// file, no parents. The directory is checked when the RDD is made (metadata present, every part file there); each
/// part's checksum is checked when a task reads it.
/// </summary>
internal sealed class ReliableCheckpointRdd<T> : Rdd<T>
{
    private readonly int partitions;

    public ReliableCheckpointRdd(EmberContext context, string path, IPartitioner? partitioner) : base(context, "CheckpointFile")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Directory = System.IO.Path.GetFullPath(path);
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new DirectoryNotFoundException($"Checkpoint directory '{Directory}' does not exist.");
        }
        var metadata = CheckpointMetadata.Read(Directory);
        for (var i = 0; i < metadata.Partitions; i++)
        {
            var part = CheckpointPartFile.PathOf(Directory, i);
            if (!File.Exists(part))
            {
                throw new InvalidDataException($"Checkpoint file '{part}' (partition {i} of {metadata.Partitions}) is missing.");
            }
        }
        partitions = metadata.Partitions;
        Partitioner = Reconcile(metadata, partitioner);
    }

    /// <summary>The checkpoint's directory, a full path.</summary>
    public string Directory { get; }

    public override IPartitioner? Partitioner { get; }

    protected override IReadOnlyList<Partition> GetPartitions() => [.. Enumerable.Range(0, partitions).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context) =>
        CheckpointPartFile.Read<T>(CheckpointPartFile.PathOf(Directory, partition.Index), partition.Index, Context.Serializer);

    /// <summary>
    /// The partitioner to claim: the caller's, when it fits what was written, else the recorded one. Claiming a
    /// partitioner that did not place the records would make joins and aggregations skip a shuffle they need.
    /// </summary>
    private IPartitioner? Reconcile(CheckpointMetadata metadata, IPartitioner? partitioner)
    {
        if (partitioner is null)
        {
            return metadata.RecordedPartitioner;
        }
        if (partitioner.NumPartitions != metadata.Partitions)
        {
            throw new ArgumentException($"{partitioner} has {partitioner.NumPartitions} partitions; the checkpoint '{Directory}' has {metadata.Partitions}.", nameof(partitioner));
        }
        if (metadata.Partitioner is null)
        {
            throw new ArgumentException($"The checkpoint '{Directory}' was written without a partitioner, so its records are not placed by {partitioner}.", nameof(partitioner));
        }
        if (metadata.RecordedPartitioner is { } recorded && !recorded.Equals(partitioner))
        {
            throw new ArgumentException($"The checkpoint '{Directory}' was written with {recorded}, not {partitioner}.", nameof(partitioner));
        }
        return partitioner;
    }
}

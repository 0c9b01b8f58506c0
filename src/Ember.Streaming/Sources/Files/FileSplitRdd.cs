using Ember.Dependencies;

namespace Ember.Streaming.Sources.Files;

/// <summary>A byte range [<see cref="Start"/>, <see cref="End"/>) of one file: a partition of a <see cref="FileSplitRdd{T}"/>.</summary>
internal sealed class FileSplit(int index, string path, long start, long end) : Partition(index)
{
    public string Path { get; } = path;

    public long Start { get; } = start;

    public long End { get; } = end;

    public override string ToString() => $"{Path}:{Start}+{End - Start}";
}

/// <summary>The records of a batch's files: one partition per file split, each read by a format's reader on a worker.</summary>
internal sealed class FileSplitRdd<T>(
    EmberContext context,
    string operation,
    IReadOnlyList<FileSplit> splits,
    Func<FileSplit, CancellationToken, IEnumerable<T>> read) : Rdd<T>(context, operation)
{
    protected override IReadOnlyList<Partition> GetPartitions() => splits;

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context) =>
        read((FileSplit)partition, context.CancellationToken);
}

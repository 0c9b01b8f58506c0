using Ember.Dependencies;

namespace Ember.IO;

/// <summary>The records written by <c>SaveAsObjectFile</c>: one partition per <c>part-NNNNN</c> file, in name order.</summary>
internal sealed class ObjectFileRdd<T> : Rdd<T>
{
    private readonly IReadOnlyList<string> parts;

    public ObjectFileRdd(EmberContext context, string path) : base(context, "ObjectFile")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"Object file directory '{path}' does not exist.");
        }
        parts = [.. Directory.EnumerateFiles(path, "part-*").Where(file => !file.Contains(".attempt-", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    protected override IReadOnlyList<Partition> GetPartitions() => [.. Enumerable.Range(0, parts.Count).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IEnumerable<T> Compute(Partition partition, TaskContext context)
    {
        using var stream = File.OpenRead(parts[partition.Index]);
        return Context.Serializer.Deserialize<T[]>(stream);
    }
}

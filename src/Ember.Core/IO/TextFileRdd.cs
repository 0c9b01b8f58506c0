using Ember.Dependencies;

namespace Ember.IO;

/// <summary>
/// The lines of a text file, or of every visible file in a directory (names starting with '.' or '_' are skipped,
/// as Hadoop does), cut into byte ranges so one large file still spreads over several tasks.
/// </summary>
internal sealed class TextFileRdd : Rdd<string>
{
    private const long MinSplitBytes = 1024 * 1024;
    private const long MaxSplitBytes = 32 * 1024 * 1024;
    private readonly IReadOnlyList<FileInfo> files;
    private readonly int minPartitions;

    public TextFileRdd(EmberContext context, string path, int minPartitions) : base(context, "TextFile")
    {
        files = InputFiles.List(path);
        this.minPartitions = minPartitions;
    }

    protected override IReadOnlyList<Partition> GetPartitions()
    {
        var total = files.Sum(file => file.Length);
        var goal = Math.Clamp(total / minPartitions, MinSplitBytes, MaxSplitBytes);
        var splits = new List<Partition>();
        foreach (var file in files)
        {
            // Equal splits per file (not goal-sized ones plus a remainder), so the tasks of one file take equal time.
            var count = Math.Max(1, (file.Length + goal - 1) / goal);
            var size = (file.Length + count - 1) / count;
            var start = 0L;
            do
            {
                var length = Math.Min(size, file.Length - start);
                splits.Add(new InputFiles.Split(splits.Count, file.FullName, start, start + length));
                start += length;
            }
            while (start < file.Length);
        }
        return splits;
    }

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IEnumerable<string> Compute(Partition partition, TaskContext context)
    {
        var split = (InputFiles.Split)partition;
        return LineReader.ReadLines(split.Path, split.Start, split.End, context.CancellationToken);
    }
}

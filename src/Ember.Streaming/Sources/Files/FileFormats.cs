using Ember.IO;

namespace Ember.Streaming.Sources.Files;

/// <summary>How a file source turns the files a batch selected into an RDD of records.</summary>
internal interface IFileFormat<T>
{
    /// <summary>The RDD of <paramref name="files"/> (at least one), read up to the lengths they had when listed where the format allows.</summary>
    Rdd<T> CreateRdd(EmberContext context, IReadOnlyList<ListedFile> files);

    /// <summary>The number of records in <paramref name="files"/> when known without reading them; else null.</summary>
    long? CountRecords(IReadOnlyList<ListedFile> files);
}

/// <summary>UTF-8 lines, each file cut into byte ranges (as <c>TextFile</c>) so one large file spreads over several tasks.</summary>
internal sealed class TextFileFormat : IFileFormat<string>
{
    private const long MinSplitBytes = 1024 * 1024;
    private const long MaxSplitBytes = 32 * 1024 * 1024;

    public Rdd<string> CreateRdd(EmberContext context, IReadOnlyList<ListedFile> files)
    {
        var minPartitions = Math.Min(context.DefaultParallelism, 2);
        var goal = Math.Clamp(files.Sum(file => file.Length) / minPartitions, MinSplitBytes, MaxSplitBytes);
        var splits = new List<FileSplit>();
        foreach (var file in files)
        {
            // Bytes written after the listing are not read (beyond finishing the last line of the listed range).
            for (var start = 0L; start < file.Length; start += goal)
            {
                splits.Add(new FileSplit(splits.Count, file.Path, start, Math.Min(file.Length, start + goal)));
            }
        }
        return new FileSplitRdd<string>(context, "TextFileStream", splits,
            (split, cancellationToken) => LineReader.ReadLines(split.Path, split.Start, split.End, cancellationToken));
    }

    public long? CountRecords(IReadOnlyList<ListedFile> files) => null;
}

/// <summary>Records produced by a user function from each file's path: one partition per file, however large.</summary>
internal sealed class RecordReaderFormat<T>(Func<string, IEnumerable<T>> readFile) : IFileFormat<T>
{
    public Rdd<T> CreateRdd(EmberContext context, IReadOnlyList<ListedFile> files) =>
        new FileSplitRdd<T>(context, "FileStream", [.. files.Select((file, index) => new FileSplit(index, file.Path, 0, file.Length))], Read);

    public long? CountRecords(IReadOnlyList<ListedFile> files) => null;

    private IEnumerable<T> Read(FileSplit split, CancellationToken cancellationToken)
    {
        var records = readFile(split.Path)
            ?? throw new InvalidOperationException($"The readFile function of FileStream returned null for '{split.Path}'.");
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }
    }
}

/// <summary>Fixed-length records (Core's <c>BinaryRecords</c>); their number is the files' bytes over the record length.</summary>
internal sealed class BinaryRecordsFormat(int recordLength) : IFileFormat<byte[]>
{
    public Rdd<byte[]> CreateRdd(EmberContext context, IReadOnlyList<ListedFile> files) =>
        new BinaryRecordsRdd(context, [.. files.Select(file => (file.Path, file.Length))], recordLength, Math.Min(context.DefaultParallelism, 2));

    public long? CountRecords(IReadOnlyList<ListedFile> files) => files.Sum(file => file.Length / recordLength);
}

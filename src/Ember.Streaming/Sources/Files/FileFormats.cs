using Ember.IO;

namespace Ember.Streaming.Sources.Files;

/// <summary>A byte range [<see cref="Start"/>, <see cref="End"/>) of one file: what one task of a file batch reads.</summary>
internal sealed record FileSplit(string Path, long Start, long End)
{
    public override string ToString() => $"{Path}:{Start}+{End - Start}";
}

/// <summary>
/// How a file source reads the files a batch took: cut into splits (deterministically, from the files alone, so any
/// process cuts a batch the same way) and each split read by a task. Holds settings only.
/// </summary>
internal interface IFileFormat<T>
{
    /// <summary>The splits of <paramref name="files"/>, read up to the lengths they had when listed where the format allows. No I/O.</summary>
    IReadOnlyList<FileSplit> Splits(IReadOnlyList<ListedFile> files);

    /// <summary>The records of one split.</summary>
    IEnumerable<T> Read(FileSplit split, CancellationToken cancellationToken);

    /// <summary>The number of records in <paramref name="files"/> when known without reading them; else null.</summary>
    long? CountRecords(IReadOnlyList<ListedFile> files);
}

/// <summary>UTF-8 lines, each file cut into byte ranges (as <c>TextFile</c>) so one large file spreads over several tasks.</summary>
/// <param name="minPartitions">How many tasks the bytes of a batch are spread over at least (before the split size bounds).</param>
internal sealed class TextFileFormat(int minPartitions) : IFileFormat<string>
{
    private const long MinSplitBytes = 1024 * 1024;
    private const long MaxSplitBytes = 32 * 1024 * 1024;

    public IReadOnlyList<FileSplit> Splits(IReadOnlyList<ListedFile> files)
    {
        var goal = Math.Clamp(files.Sum(file => file.Length) / minPartitions, MinSplitBytes, MaxSplitBytes);
        var splits = new List<FileSplit>();
        foreach (var file in files)
        {
            // Bytes written after the listing are not read (beyond finishing the last line of the listed range).
            for (var start = 0L; start < file.Length; start += goal)
            {
                splits.Add(new FileSplit(file.Path, start, Math.Min(file.Length, start + goal)));
            }
        }
        return splits;
    }

    public IEnumerable<string> Read(FileSplit split, CancellationToken cancellationToken) =>
        LineReader.ReadLines(split.Path, split.Start, split.End, cancellationToken);

    public long? CountRecords(IReadOnlyList<ListedFile> files) => null;
}

/// <summary>Records produced by a user function from each file's path: one split per file, however large.</summary>
internal sealed class RecordReaderFormat<T>(Func<string, IEnumerable<T>> readFile) : IFileFormat<T>
{
    public IReadOnlyList<FileSplit> Splits(IReadOnlyList<ListedFile> files) =>
        [.. files.Select(file => new FileSplit(file.Path, 0, file.Length))];

    public long? CountRecords(IReadOnlyList<ListedFile> files) => null;

    public IEnumerable<T> Read(FileSplit split, CancellationToken cancellationToken)
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
internal sealed class BinaryRecordsFormat(int recordLength, int minPartitions) : IFileFormat<byte[]>
{
    public IReadOnlyList<FileSplit> Splits(IReadOnlyList<ListedFile> files) =>
        [.. BinaryRecordsRdd.Splits([.. files.Select(file => (file.Path, file.Length))], recordLength, minPartitions)
            .Select(split => new FileSplit(split.Path, split.Start, split.End))];

    public IEnumerable<byte[]> Read(FileSplit split, CancellationToken cancellationToken) =>
        BinaryRecordsRdd.ReadRecords(split.Path, split.Start, split.End, recordLength, cancellationToken);

    public long? CountRecords(IReadOnlyList<ListedFile> files) => files.Sum(file => file.Length / recordLength);
}

/// <summary>What one batch of a file stream reads: the files it took, with the length and modification time they had when listed, oldest first.</summary>
internal sealed record FileBatch(IReadOnlyList<ListedFile> Files);

/// <summary>The task side of a file stream: a batch's files cut into splits by the format, one task per split.</summary>
internal sealed class FileReader<T>(IFileFormat<T> format) : SourceReader<FileBatch, T>
{
    public override int PartitionCount(FileBatch allocation) => format.Splits(allocation.Files).Count;

    public override IEnumerable<T> Read(FileBatch allocation, int partition, SourceReadContext context) =>
        format.Read(format.Splits(allocation.Files)[partition], context.CancellationToken);
}

using Ember.Dependencies;

namespace Ember.IO;

/// <summary>
/// The fixed-length records of binary files (Spark's <c>binaryRecords</c>): each file is cut into ranges of whole
/// records, so one large file still spreads over several tasks, and every record is a fresh array of exactly the
/// record length. A file whose length is not a multiple of the record length is an error naming it and its length.
/// </summary>
internal sealed class BinaryRecordsRdd : Rdd<byte[]>
{
    private const long MinSplitBytes = 1024 * 1024;
    private const long MaxSplitBytes = 32 * 1024 * 1024;
    private readonly IReadOnlyList<(string Path, long Length)> files;
    private readonly int recordLength;
    private readonly int minPartitions;

    /// <summary>
    /// The records of the file <paramref name="path"/>, or of every visible file of the directory
    /// <paramref name="path"/>: listed, and their lengths checked, now.
    /// </summary>
    public BinaryRecordsRdd(EmberContext context, string path, int recordLength, int minPartitions)
        : this(context, [.. InputFiles.List(path).Select(file => (file.FullName, file.Length))], recordLength, minPartitions)
    {
        CheckLengths(files, recordLength);
    }

    /// <summary>
    /// The records of the given files, with the lengths they had when listed (the streaming source's case). Lengths
    /// are checked when the partitions are first asked for, so a bad file fails the job that reads it, not its creator.
    /// </summary>
    public BinaryRecordsRdd(EmberContext context, IReadOnlyList<(string Path, long Length)> files, int recordLength, int minPartitions)
        : base(context, "BinaryRecords")
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfLessThan(recordLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minPartitions, 1);
        this.files = files;
        this.recordLength = recordLength;
        this.minPartitions = minPartitions;
    }

    protected override IReadOnlyList<Partition> GetPartitions() =>
        [.. Splits(files, recordLength, minPartitions).Select((split, index) => new InputFiles.Split(index, split.Path, split.Start, split.End))];

    /// <summary>
    /// The byte ranges of whole records <paramref name="files"/> are cut into, about the total over
    /// <paramref name="minPartitions"/> each (1 to 32 MiB). Checks the lengths first: a file whose length is not a
    /// multiple of <paramref name="recordLength"/> is an error naming it. Deterministic, no I/O.
    /// </summary>
    internal static IReadOnlyList<(string Path, long Start, long End)> Splits(IReadOnlyList<(string Path, long Length)> files, int recordLength, int minPartitions)
    {
        CheckLengths(files, recordLength);
        var total = files.Sum(file => file.Length);
        var goal = Math.Clamp(total / minPartitions, MinSplitBytes, MaxSplitBytes);
        // Splits hold whole records: the goal is rounded down to a multiple of the record length (at least one record).
        goal = Math.Max(recordLength, goal - (goal % recordLength));
        var splits = new List<(string Path, long Start, long End)>();
        foreach (var (path, length) in files)
        {
            for (var start = 0L; start < length; start += goal)
            {
                splits.Add((path, start, Math.Min(length, start + goal)));
            }
        }
        return splits;
    }

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IEnumerable<byte[]> Compute(Partition partition, TaskContext context)
    {
        var split = (InputFiles.Split)partition;
        return ReadRecords(split.Path, split.Start, split.End, recordLength, context.CancellationToken);
    }

    /// <summary>
    /// The records in [<paramref name="start"/>, <paramref name="end"/>) of a file, both multiples of
    /// <paramref name="recordLength"/>. A file that became shorter since it was listed is an error naming it.
    /// </summary>
    internal static IEnumerable<byte[]> ReadRecords(string path, long start, long end, int recordLength, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 64 * 1024, FileOptions.SequentialScan);
        stream.Position = start;
        for (var position = start; position < end; position += recordLength)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = new byte[recordLength];
            var read = stream.ReadAtLeast(record, recordLength, throwOnEndOfStream: false);
            if (read < recordLength)
            {
                throw new InvalidDataException(
                    $"Binary records file '{path}' ended at byte {position + read}, before the {end} bytes it had when listed.");
            }
            yield return record;
        }
    }

    private static void CheckLengths(IReadOnlyList<(string Path, long Length)> files, int recordLength)
    {
        foreach (var (path, length) in files)
        {
            if (length % recordLength != 0)
            {
                throw new InvalidDataException(
                    $"Binary records file '{path}' is {length} bytes long, which is not a multiple of the record length {recordLength}.");
            }
        }
    }
}

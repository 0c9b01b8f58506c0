using System.Text;
using Ember.Streaming.Sources;

namespace Ember.Streaming.Tests.Sources;

/// <summary>What one batch of <see cref="ByteLogSource"/> reads: bytes [From, Until) of the log file.</summary>
public sealed record ByteRange(long From, long Until);

/// <summary>
/// A source written as a user outside Ember would write it, against the public contract only: an append-only file of
/// UTF-8 lines, each batch reading the whole lines appended since the previous batch, by byte offsets.
/// </summary>
public sealed class ByteLogSource : DirectInputDStream<ByteRange, string>
{
    private readonly string path;
    private long next;

    public ByteLogSource(StreamingContext context, string path) : base(context, "ByteLogStream", new ByteLogReader(path)) => this.path = path;

    /// <summary>Every allocation restored from a checkpoint, in the order <see cref="OnRestored"/> got them.</summary>
    public List<(Time BatchTime, ByteRange Allocation)> Restored { get; } = [];

    /// <summary>Batches whose outputs completed, as <see cref="OnBatchCompleted"/> saw them.</summary>
    public List<Time> Completed { get; } = [];

    /// <summary>Allocations released by <see cref="OnForgotten"/>.</summary>
    public List<Time> Forgotten { get; } = [];

    protected override ByteRange Allocate(Time batchTime, CancellationToken cancellationToken)
    {
        var bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
        var until = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var range = new ByteRange(next, Math.Max(next, until));
        next = range.Until;
        return range;
    }

    protected override long? CountRecords(ByteRange allocation) => null;

    protected override void OnRestored(IReadOnlyList<(Time BatchTime, ByteRange Allocation)> allocations)
    {
        Restored.AddRange(allocations);
        next = allocations.Count > 0 ? allocations[^1].Allocation.Until : 0;
    }

    protected override void OnBatchCompleted(Time batchTime, ByteRange allocation)
    {
        lock (Completed)
        {
            Completed.Add(batchTime);
        }
    }

    protected override void OnForgotten(Time batchTime, ByteRange allocation)
    {
        lock (Forgotten)
        {
            Forgotten.Add(batchTime);
        }
    }

    /// <summary>Appends <paramref name="lines"/> to the log at <paramref name="path"/>.</summary>
    public static void Append(string path, params string[] lines) =>
        File.AppendAllText(path, string.Concat(lines.Select(line => line + "\n")), new UTF8Encoding(false));
}

/// <summary>The task side: one partition per batch, the lines of its byte range.</summary>
public sealed class ByteLogReader(string path) : SourceReader<ByteRange, string>
{
    public override int PartitionCount(ByteRange allocation) => allocation.Until > allocation.From ? 1 : 0;

    public override IEnumerable<string> Read(ByteRange allocation, int partition, SourceReadContext context)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(allocation.From, SeekOrigin.Begin);
        var buffer = new byte[allocation.Until - allocation.From];
        file.ReadExactly(buffer);
        return Encoding.UTF8.GetString(buffer).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

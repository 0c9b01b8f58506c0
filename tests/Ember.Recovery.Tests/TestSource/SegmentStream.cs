using Ember.Streaming;
using Ember.Streaming.Sources;

namespace Ember.Recovery.Tests.TestSource;

/// <summary>What one batch of <see cref="SegmentStream"/> reads: segments From to Until - 1.</summary>
public sealed record SegmentRange(long From, long Until);

/// <summary>
/// A source written in the test project against Ember's public API only (this project has no InternalsVisibleTo from
/// Ember): a directory of immutable numbered segment files (<c>segment-000000.txt</c>, ...), each published whole by a
/// rename. A batch reads the consecutive segments published since the previous one, at most a few (a rate limit):
/// a gap waits, as the segment before it may still be on its way.
/// </summary>
public sealed class SegmentStream : DirectInputDStream<SegmentRange, string>
{
    private readonly string directory;
    private readonly int maxPerBatch;
    private long next;

    public SegmentStream(StreamingContext context, string directory, int maxPerBatch = 4)
        : base(context, "SegmentStream", new SegmentReader(directory))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPerBatch);
        this.directory = directory;
        this.maxPerBatch = maxPerBatch;
    }

    public static string PathOf(string directory, long segment) => Path.Combine(directory, $"segment-{segment:D6}.txt");

    protected override SegmentRange Allocate(Time batchTime, CancellationToken cancellationToken)
    {
        var until = next;
        while (until - next < maxPerBatch && File.Exists(PathOf(directory, until)))
        {
            until++;
        }
        var range = new SegmentRange(next, until);
        next = until;
        return range;
    }

    protected override void OnRestored(IReadOnlyList<(Time BatchTime, SegmentRange Allocation)> allocations) =>
        next = allocations.Count > 0 ? allocations[^1].Allocation.Until : 0;
}

/// <summary>The task side: one partition per segment, its lines.</summary>
public sealed class SegmentReader(string directory) : SourceReader<SegmentRange, string>
{
    public override int PartitionCount(SegmentRange allocation) => (int)(allocation.Until - allocation.From);

    public override IEnumerable<string> Read(SegmentRange allocation, int partition, SourceReadContext context) =>
        File.ReadLines(SegmentStream.PathOf(directory, allocation.From + partition));
}

using System.Runtime.InteropServices;
using Ember.Streaming;

namespace Ember.Benchmarks.SideBySide;

/// <summary>
/// <c>ReduceByKeyAndWindow</c> over 30 batches sliding by 1: incrementally with the inverse function, by recomputing the
/// window from its 30 batches, against a tumbling window (a per-batch <c>ReduceByKey</c>, the work every form does at
/// least) and a hand-written sliding sum. The windows are full before measuring. Checksums skip keys whose window
/// sum is 0, which the inverse form keeps (as Spark's, without a filter). Every Ember form runs with a checkpoint
/// directory, which the inverse form requires: the metadata checkpoint it writes every batch then weighs on all three
/// alike (the empty-batch workload shows that cost alone). The cost curves vary the window's <c>width</c> in batches.
/// </summary>
internal static class WindowWorkload
{
    public const int Width = 30;
    public const string Name = "Window 30×1";

    public static Workload Create(int keys, int recordsPerBatch, int batches, int width = Width)
    {
        var input = Data.Pairs(keys, recordsPerBatch, 4);
        var window = TimeSpan.FromSeconds(width);
        var slide = TimeSpan.FromSeconds(1);
        return new Workload(width == Width ? Name : $"Window {width}×1",
            $"{recordsPerBatch:N0} records per batch over {keys:N0} keys, sum per key over the last {width} batches, every batch",
            recordsPerBatch, width, batches,
            [
                LibraryRuns.HandLoop(input, () => new SlidingSum(width), "Hand-written sliding sum"),
                EmberRun<(long Key, long Value)>.Contender("Ember inverse", input, (_, pairs) => pairs
                    .ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, window, slide)
                    .Map(NonZeroChecksum), stateful: true),
                EmberRun<(long Key, long Value)>.Contender("Ember recompute", input, (_, pairs) => pairs
                    .ReduceByKeyAndWindow((a, b) => a + b, window, slide)
                    .Map(NonZeroChecksum), stateful: true),
                EmberRun<(long Key, long Value)>.Contender("Ember tumbling", input, (_, pairs) => pairs
                    .ReduceByKey((a, b) => a + b)
                    .Map(NonZeroChecksum), stateful: true, checksum: "tumbling"),
            ],
            [("Ember inverse", "Ember tumbling"), ("Ember inverse", "Ember recompute"), ("Ember inverse", "Hand-written sliding sum")]);
    }

    private static long NonZeroChecksum((long Key, long Value) pair) => pair.Value == 0 ? 0 : Checksums.Of(pair.Key, pair.Value);

    /// <summary>Keeps each of the last <c>width</c> batches' per-key sums and a running total: add the new batch, subtract the one leaving.</summary>
    private sealed class SlidingSum(int width) : BatchAggregation<(long Key, long Value)>
    {
        private readonly Queue<Dictionary<long, long>> batches = new();
        private readonly Dictionary<long, long> totals = [];
        private Dictionary<long, long> current = [];

        public override void Add((long Key, long Value) record) => Add([record]);

        public override void Add(ReadOnlySpan<(long Key, long Value)> records)
        {
            foreach (var (key, value) in records)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(current, key, out _) += value;
                CollectionsMarshal.GetValueRefOrAddDefault(totals, key, out _) += value;
            }
        }

        public override long EndBatch()
        {
            batches.Enqueue(current);
            var recycled = batches.Count > width ? batches.Dequeue() : new Dictionary<long, long>();
            if (recycled.Count > 0)
            {
                foreach (var (key, value) in recycled)
                {
                    ref var total = ref CollectionsMarshal.GetValueRefOrNullRef(totals, key);
                    total -= value;
                    if (total == 0)
                    {
                        totals.Remove(key);
                    }
                }
                recycled.Clear();
            }
            current = recycled;
            return Checksums.Of(totals);
        }
    }
}

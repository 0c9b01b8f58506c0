using System.Reactive.Linq;
using System.Runtime.InteropServices;
using Ember.Streaming;

namespace Ember.Benchmarks.SideBySide;

/// <summary>Per-batch <c>ReduceByKey(+)</c> over <c>long</c> keys and values, with 1K, 100K or 1M distinct keys.</summary>
internal static class ReduceByKeyWorkload
{
    public static string Name(int keys) => $"ReduceByKey {Workload.Label(keys)} keys";

    public static Workload Create(int keys, int recordsPerBatch, int batches)
    {
        var input = Data.Pairs(keys, recordsPerBatch, 2);
        Func<BatchAggregation<(long Key, long Value)>> sum = () => new Sum();
        return new Workload(Name(keys), $"{recordsPerBatch:N0} (long, long) records per batch over {keys:N0} keys, sum per key",
            recordsPerBatch, 1, batches,
            [
                LibraryRuns.HandLoop(input, sum),
                EmberRun<(long Key, long Value)>.Contender("Ember", input, (_, pairs) => pairs
                    .ReduceByKey((a, b) => a + b)
                    .Map(pair => Checksums.Of(pair.Key, pair.Value))),
                LibraryRuns.Rx(input, pairs => pairs
                    .GroupBy(pair => pair.Key)
                    .SelectMany(group => group.Aggregate(0L, (total, pair) => total + pair.Value).Select(total => Checksums.Of(group.Key, total)))
                    .Sum()),
                DuckDbRun.Contender(input, "CREATE TABLE batch (k BIGINT, v BIGINT)", (row, pair) => row.AppendValue(pair.Key).AppendValue(pair.Value),
                    "SELECT k, sum(v)::BIGINT FROM batch GROUP BY k"),
                LibraryRuns.Dataflow(input, sum),
                LibraryRuns.Channels(input, sum),
                LibraryRuns.Akka(input, sum),
            ],
            Ratios.EmberAgainstAll("Hand-written loop", "System.Reactive", "DuckDB", "TPL Dataflow", "System.Threading.Channels", "Akka.Streams"));
    }

    /// <summary>One hash lookup per record through a reference to the slot; the map keeps its capacity between batches.</summary>
    internal sealed class Sum : BatchAggregation<(long Key, long Value)>
    {
        private readonly Dictionary<long, long> totals = [];

        public override void Add((long Key, long Value) record) => CollectionsMarshal.GetValueRefOrAddDefault(totals, record.Key, out _) += record.Value;

        public override void Add(ReadOnlySpan<(long Key, long Value)> records)
        {
            foreach (var (key, value) in records)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(totals, key, out _) += value;
            }
        }

        public override long EndBatch()
        {
            var checksum = Checksums.Of(totals);
            totals.Clear();
            return checksum;
        }
    }
}

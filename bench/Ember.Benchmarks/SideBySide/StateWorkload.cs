using System.Runtime.InteropServices;
using Ember.Streaming;

namespace Ember.Benchmarks.SideBySide;

/// <summary>
/// A running total per <c>long</c> key over a large state (all keys loaded before measuring, as an initial state),
/// 1% of the keys touched per batch: <c>UpdateStateByKey</c> calls its function for every key every batch,
/// <c>MapWithState</c> only for the keys of the batch. Values are all 1, so a key's running values do not depend on
/// the order of its records. The hand-written loop keeps one dictionary. Bytes per key: the managed heap after the
/// measured batches less the heap before the contender started, over the number of keys.
/// </summary>
internal static class StateWorkload
{
    public static string Name(int keys) => $"State {Workload.Label(keys)} keys";

    public static Workload Create(int keys, int batches)
    {
        var touched = keys / 100;
        var input = Data.Pairs(keys, touched, 4, unitValues: true);
        return new Workload(Name(keys), $"{keys:N0} keys of long state, {touched:N0} records (1% of the keys) per batch, running total per key",
            touched, 1, batches,
            [
                LibraryRuns.HandLoop(input, () => new RunningTotals(keys), "Hand-written dictionary"),
                EmberRun<(long Key, long Value)>.Contender("Ember MapWithState", input, (context, pairs) => pairs
                    .MapWithState(StateSpec.Function((long key, Option<long> value, State<long> state) =>
                        {
                            var total = (state.Exists ? state.Get() : 0) + value.Value;
                            state.Update(total);
                            return Checksums.Of(key, total);
                        })
                        .InitialState(InitialState(context, keys))), stateful: true),
                EmberRun<(long Key, long Value)>.Contender("Ember UpdateStateByKey", input, (context, pairs) => pairs
                    .UpdateStateByKey((IReadOnlyList<long> values, Option<long> total) => Option.Some(total.GetValueOrDefault(0) + values.Count),
                        initialState: InitialState(context, keys))
                    .Map(pair => Checksums.Of(pair.Key, pair.Value)), stateful: true, checksum: "every key"),
            ],
            [("Ember MapWithState", "Ember UpdateStateByKey"), ("Ember MapWithState", "Hand-written dictionary")],
            StateKeys: keys);
    }

    /// <summary>Every key at 0, generated inside the tasks so no copy of it stays on the heap.</summary>
    private static Rdd<(long Key, long Value)> InitialState(StreamingContext context, int keys) =>
        context.EmberContext.Parallelize([0, 1], 2).FlatMap(half => Enumerable.Range(half * (keys / 2), keys / 2).Select(key => ((long)key, 0L)));

    private sealed class RunningTotals : BatchAggregation<(long Key, long Value)>
    {
        private readonly Dictionary<long, long> totals;
        private long checksum;

        public RunningTotals(int keys)
        {
            totals = new Dictionary<long, long>(keys);
            for (var key = 0L; key < keys; key++)
            {
                totals[key] = 0;
            }
        }

        public override void Add((long Key, long Value) record)
        {
            ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, record.Key, out _);
            total += record.Value;
            checksum += Checksums.Of(record.Key, total);
        }

        public override long EndBatch()
        {
            var result = checksum;
            checksum = 0;
            return result;
        }
    }
}

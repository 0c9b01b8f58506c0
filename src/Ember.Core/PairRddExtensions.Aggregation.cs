using Ember.Partitioning;
using Ember.Rdds;
using Ember.Scheduling;
using Ember.Serialization;
using Ember.Shuffle;

namespace Ember;

public static partial class PairRddExtensions
{
    /// <summary>
    /// Combines the values of each key into one <typeparamref name="TCombiner"/>: <paramref name="createCombiner"/>
    /// starts from a key's first value, <paramref name="mergeValue"/> adds a value, <paramref name="mergeCombiners"/>
    /// merges partial results. Shuffles, combining on the map side first unless <paramref name="mapSideCombine"/> is
    /// false; no shuffle when the RDD is already partitioned by the target partitioner. Give at most one of
    /// <paramref name="partitions"/> (a hash partitioner) and <paramref name="partitioner"/>.
    /// </summary>
    public static Rdd<(TKey Key, TCombiner Value)> CombineByKey<TKey, TValue, TCombiner>(
        this Rdd<(TKey Key, TValue Value)> rdd,
        Func<TValue, TCombiner> createCombiner,
        Func<TCombiner, TValue, TCombiner> mergeValue,
        Func<TCombiner, TCombiner, TCombiner> mergeCombiners,
        int? partitions = null,
        IPartitioner? partitioner = null,
        bool mapSideCombine = true)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        var aggregator = new Aggregator<TValue, TCombiner>(
            createCombiner ?? throw new ArgumentNullException(nameof(createCombiner)),
            mergeValue ?? throw new ArgumentNullException(nameof(mergeValue)),
            mergeCombiners ?? throw new ArgumentNullException(nameof(mergeCombiners)));
        return CombineByKey(rdd, aggregator, ResolvePartitioner(partitions, partitioner, rdd), mapSideCombine, "CombineByKey");
    }

    /// <summary>
    /// Merges the values of each key with <paramref name="reducer"/> (associative and commutative). Shuffles, with a
    /// map-side combine; no shuffle when already partitioned by the target partitioner.
    /// </summary>
    public static Rdd<(TKey Key, TValue Value)> ReduceByKey<TKey, TValue>(
        this Rdd<(TKey Key, TValue Value)> rdd, Func<TValue, TValue, TValue> reducer, int? partitions = null, IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(reducer);
        var aggregator = new Aggregator<TValue, TValue>(value => value, reducer, reducer);
        return CombineByKey(rdd, aggregator, ResolvePartitioner(partitions, partitioner, rdd), true, "ReduceByKey");
    }

    /// <summary>
    /// All values of each key in one list (in no particular order). Shuffles every value (no map-side combine): prefer
    /// <see cref="ReduceByKey{TKey, TValue}"/> or <see cref="AggregateByKey{TKey, TValue, TAccumulate}"/> to aggregate.
    /// </summary>
    public static Rdd<(TKey Key, IReadOnlyList<TValue> Value)> GroupByKey<TKey, TValue>(
        this Rdd<(TKey Key, TValue Value)> rdd, int? partitions = null, IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        var aggregator = new Aggregator<TValue, List<TValue>>(
            value => [value],
            (list, value) => { list.Add(value); return list; },
            (first, second) => { first.AddRange(second); return first; });
        return CombineByKey(rdd, aggregator, ResolvePartitioner(partitions, partitioner, rdd), false, "GroupByKey")
            .MapValues(IReadOnlyList<TValue> (list) => list);
    }

    /// <summary>
    /// Aggregates the values of each key from <paramref name="zero"/> with <paramref name="seqOp"/>, merging partial
    /// results with <paramref name="combOp"/>. Shuffles, with a map-side combine. Every key of every task starts from
    /// its own copy of <paramref name="zero"/> (as Spark's), so a mutable zero (a <c>HashSet</c>, a <c>List</c>) may be
    /// mutated and returned by <paramref name="seqOp"/> and <paramref name="combOp"/>. The copy goes through the
    /// context's serializer, or <see cref="Serialization.ICopyable{T}"/> when the zero implements it; it costs one
    /// deserialization per key and task, and nothing for types holding no references (numbers, structs of numbers) or
    /// strings. A zero the serializer cannot copy throws <see cref="ArgumentException"/> here, naming its type.
    /// </summary>
    public static Rdd<(TKey Key, TAccumulate Value)> AggregateByKey<TKey, TValue, TAccumulate>(
        this Rdd<(TKey Key, TValue Value)> rdd,
        TAccumulate zero,
        Func<TAccumulate, TValue, TAccumulate> seqOp,
        Func<TAccumulate, TAccumulate, TAccumulate> combOp,
        int? partitions = null,
        IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(seqOp);
        ArgumentNullException.ThrowIfNull(combOp);
        var zeroValue = new ZeroValue<TAccumulate>(zero, rdd.Context.Serializer, nameof(AggregateByKey));
        var aggregator = new Aggregator<TValue, TAccumulate>(value => seqOp(zeroValue.Copy(), value), seqOp, combOp);
        return CombineByKey(rdd, aggregator, ResolvePartitioner(partitions, partitioner, rdd), true, "AggregateByKey");
    }

    /// <summary>
    /// Folds the values of each key from <paramref name="zero"/> (neutral for <paramref name="folder"/>). Shuffles,
    /// with a map-side combine. Every key of every task starts from its own copy of <paramref name="zero"/>, made as
    /// <see cref="AggregateByKey{TKey, TValue, TAccumulate}"/> makes it.
    /// </summary>
    public static Rdd<(TKey Key, TValue Value)> FoldByKey<TKey, TValue>(
        this Rdd<(TKey Key, TValue Value)> rdd, TValue zero, Func<TValue, TValue, TValue> folder, int? partitions = null, IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(folder);
        var zeroValue = new ZeroValue<TValue>(zero, rdd.Context.Serializer, nameof(FoldByKey));
        var aggregator = new Aggregator<TValue, TValue>(value => folder(zeroValue.Copy(), value), folder, folder);
        return CombineByKey(rdd, aggregator, ResolvePartitioner(partitions, partitioner, rdd), true, "FoldByKey");
    }

    /// <summary>The number of records per key, as a dictionary on the caller (the null key included). Runs a job.</summary>
    public static async Task<IReadOnlyDictionary<TKey, long>> CountByKeyAsync<TKey, TValue>(
        this Rdd<(TKey Key, TValue Value)> rdd, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        RunningTask.ThrowIfInside("CountByKey", rdd);
        var counts = await rdd.MapValues(_ => 1L).ReduceByKey((a, b) => a + b).CollectAsync(cancellationToken).ConfigureAwait(false);
        var result = new KeyedMap<TKey, long>();
        foreach (var (key, count) in counts)
        {
            result.GetOrAddSlot(key, out _) = count;
        }
        return result;
    }

    /// <inheritdoc cref="CountByKeyAsync"/>
    public static IReadOnlyDictionary<TKey, long> CountByKey<TKey, TValue>(this Rdd<(TKey Key, TValue Value)> rdd) =>
        rdd.CountByKeyAsync().ConfigureAwait(false).GetAwaiter().GetResult();

    private static Rdd<(TKey Key, TCombiner Value)> CombineByKey<TKey, TValue, TCombiner>(
        Rdd<(TKey Key, TValue Value)> rdd, Aggregator<TValue, TCombiner> aggregator, IPartitioner partitioner, bool mapSideCombine, string operation)
    {
        if (!partitioner.Equals(rdd.Partitioner))
        {
            return new ShuffledRdd<TKey, TValue, TCombiner>(rdd, partitioner, aggregator, mapSideCombine, null, operation);
        }
        // Already partitioned this way: every key's values are in one partition, so combine in place.
        return new MapPartitionsRdd<(TKey Key, TValue Value), (TKey Key, TCombiner Value)>(rdd, (_, items) =>
        {
            var combined = new KeyedMap<TKey, TCombiner>();
            foreach (var (key, value) in items)
            {
                ref var slot = ref combined.GetOrAddSlot(key, out var existed);
                slot = existed ? aggregator.MergeValue(slot, value) : aggregator.CreateCombiner(value);
            }
            return combined.Select(pair => (pair.Key, pair.Value));
        }, true, operation);
    }

    private static IPartitioner ResolvePartitioner(int? partitions, IPartitioner? partitioner, params Rdd[] rdds) =>
        DefaultPartitioner.Choose(partitions, partitioner, () => DefaultPartitioner.For(null, rdds));
}

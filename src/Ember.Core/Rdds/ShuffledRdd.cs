using Ember.Dependencies;
using Ember.Partitioning;
using Ember.Serialization;
using Ember.Shuffle;

namespace Ember.Rdds;

/// <summary>
/// The reduce side of a shuffle: reads its partition's bucket from every map task, then combines values per key
/// (when an aggregator is given) and sorts by key (when an ordering is given).
/// </summary>
internal sealed class ShuffledRdd<TKey, TValue, TCombiner> : Rdd<(TKey Key, TCombiner Value)>
{
    private readonly IPartitioner partitioner;
    private readonly IComparer<TKey>? keyOrdering;
    private ShuffleDependency<TKey, TValue, TCombiner>? dependency;

    public ShuffledRdd(
        Rdd<(TKey Key, TValue Value)> parent,
        IPartitioner partitioner,
        Aggregator<TValue, TCombiner>? aggregator,
        bool mapSideCombine,
        IComparer<TKey>? keyOrdering,
        string operation) : base(parent.Context, operation)
    {
        if (aggregator is null && typeof(TValue) != typeof(TCombiner))
        {
            throw new ArgumentException("Without an aggregator the combined type must be the value type.", nameof(aggregator));
        }
        dependency = new ShuffleDependency<TKey, TValue, TCombiner>(parent, partitioner, aggregator, mapSideCombine);
        this.partitioner = partitioner;
        this.keyOrdering = keyOrdering;
    }

    public override IPartitioner Partitioner => partitioner;

    protected override IReadOnlyList<Partition> GetPartitions() =>
        [.. Enumerable.Range(0, partitioner.NumPartitions).Select(i => new Partition(i))];

    protected override IReadOnlyList<Dependency> GetDependencies() => [Shuffle];

    // Dropping the dependency lets the cleaner remove the shuffle's map outputs once nothing else needs them.
    protected override void ClearDependencies() => dependency = null;

    private ShuffleDependency<TKey, TValue, TCombiner> Shuffle => dependency ?? throw new InvalidOperationException($"The lineage of {this} was cut.");

    protected internal override IEnumerable<(TKey Key, TCombiner Value)> Compute(Partition partition, TaskContext context)
    {
        var records = Read(partition.Index);
        return keyOrdering is null ? records : records.OrderBy(record => record.Key, keyOrdering);
    }

    private IEnumerable<(TKey Key, TCombiner Value)> Read(int reduceId)
    {
        var reader = Context.ShuffleReader;
        var dependency = Shuffle;
        var aggregator = dependency.Aggregator;
        if (aggregator is null)
        {
            // Checked in the constructor: TCombiner is TValue here, so the cast is an identity.
            return (IEnumerable<(TKey, TCombiner)>)(object)reader.Read<(TKey Key, TValue Value)>(dependency.ShuffleId, reduceId, dependency.MapCount);
        }
        return dependency.MapSideCombine
            ? Combine(reader.Read<(TKey Key, TCombiner Value)>(dependency.ShuffleId, reduceId, dependency.MapCount), ValueCopier<TCombiner>.IsImmutable ? Itself : CopyOf, aggregator.MergeCombiners)
            : Combine(reader.Read<(TKey Key, TValue Value)>(dependency.ShuffleId, reduceId, dependency.MapCount), aggregator.CreateCombiner, aggregator.MergeValue);
    }

    /// <summary>
    /// Combines <paramref name="records"/> per key in a pooled map (<paramref name="first"/> starts a key, then
    /// <paramref name="merge"/>), and streams the result; the map goes back to the pool once the result is read.
    /// </summary>
    private static IEnumerable<(TKey, TCombiner)> Combine<TRecordValue>(
        IEnumerable<(TKey Key, TRecordValue Value)> records, Func<TRecordValue, TCombiner> first, Func<TCombiner, TRecordValue, TCombiner> merge)
    {
        var combined = KeyedMapPool<TKey, TCombiner>.Rent();
        try
        {
            if (records is LocalShuffleRecords<(TKey Key, TRecordValue Value)> local)
            {
                // In this process the buckets are arrays: loop over each as a span, no interface call per record.
                foreach (var bucket in local.Buckets())
                {
                    if (bucket is ShuffleBucket<(TKey Key, TRecordValue Value)> pooled)
                    {
                        Add(combined, pooled.Span, first, merge);
                    }
                    else
                    {
                        Add(combined, bucket, first, merge);
                    }
                }
            }
            else
            {
                Add(combined, records, first, merge);
            }
            if (combined.TryGetNullValue(out var nullValue))
            {
                yield return (default!, nullValue);
            }
            foreach (var (key, value) in combined.NonNullEntries)
            {
                yield return (key, value);
            }
        }
        finally
        {
            KeyedMapPool<TKey, TCombiner>.Return(combined);
        }
    }

    private static void Add<TRecordValue>(
        KeyedMap<TKey, TCombiner> combined, ReadOnlySpan<(TKey Key, TRecordValue Value)> records, Func<TRecordValue, TCombiner> first, Func<TCombiner, TRecordValue, TCombiner> merge)
    {
        foreach (var (key, value) in records)
        {
            ref var slot = ref combined.GetOrAddSlot(key, out var existed);
            slot = existed ? merge(slot, value) : first(value);
        }
    }

    private static void Add<TRecordValue>(
        KeyedMap<TKey, TCombiner> combined, IEnumerable<(TKey Key, TRecordValue Value)> records, Func<TRecordValue, TCombiner> first, Func<TCombiner, TRecordValue, TCombiner> merge)
    {
        foreach (var (key, value) in records)
        {
            ref var slot = ref combined.GetOrAddSlot(key, out var existed);
            slot = existed ? merge(slot, value) : first(value);
        }
    }

    // A combiner that cannot be mutated (a number, a string) needs no copy, nor the copier's checks per key.
    private static TCombiner Itself(TCombiner combiner) => combiner;

    /// <summary>
    /// A private copy of a map output's combiner. Merging may mutate its first argument (Spark allows it), and map
    /// outputs are kept as live objects and read again by later jobs, so the first combiner of a key is copied unless
    /// its type cannot be mutated in place. Spark gets the same safety from deserializing every read.
    /// </summary>
    private TCombiner CopyOf(TCombiner combiner) => ValueCopier<TCombiner>.Copy(combiner, Context.Serializer);
}

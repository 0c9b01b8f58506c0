using Ember.Partitioning;
using Ember.Rdds;

namespace Ember;

public abstract partial class Rdd<T>
{
    /// <summary>Applies <paramref name="selector"/> to every record. Narrow, no shuffle.</summary>
    public Rdd<TResult> Map<TResult>(Func<T, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new MapPartitionsRdd<T, TResult>(this, (_, items) => items.Select(selector), false, "Map");
    }

    /// <summary>Replaces every record by the records <paramref name="selector"/> returns (any number). Narrow, no shuffle.</summary>
    public Rdd<TResult> FlatMap<TResult>(Func<T, IEnumerable<TResult>> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new MapPartitionsRdd<T, TResult>(this, (_, items) => items.SelectMany(selector), false, "FlatMap");
    }

    /// <summary>Keeps the records for which <paramref name="predicate"/> is true. Narrow, no shuffle; keeps the partitioner.</summary>
    public Rdd<T> Filter(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new MapPartitionsRdd<T, T>(this, (_, items) => items.Where(predicate), true, "Filter");
    }

    /// <summary>
    /// Transforms each partition as a whole (set up once per partition, then stream its records). Narrow, no
    /// shuffle. Set <paramref name="preservesPartitioning"/> only when keys are left unchanged.
    /// </summary>
    public Rdd<TResult> MapPartitions<TResult>(Func<IEnumerable<T>, IEnumerable<TResult>> transform, bool preservesPartitioning = false)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return new MapPartitionsRdd<T, TResult>(this, (_, items) => transform(items), preservesPartitioning, "MapPartitions");
    }

    /// <summary>As <see cref="MapPartitions{TResult}"/>, also given the partition's index. Narrow, no shuffle.</summary>
    public Rdd<TResult> MapPartitionsWithIndex<TResult>(Func<int, IEnumerable<T>, IEnumerable<TResult>> transform, bool preservesPartitioning = false)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return new MapPartitionsRdd<T, TResult>(this, transform, preservesPartitioning, "MapPartitionsWithIndex");
    }

    /// <summary>Turns each partition into one array of its records. Narrow, no shuffle.</summary>
    public Rdd<T[]> Glom() => new MapPartitionsRdd<T, T[]>(this, (_, items) => [items.ToArray()], false, "Glom");

    /// <summary>
    /// This RDD's records and <paramref name="other"/>'s. Narrow, no shuffle; duplicates kept. See
    /// <see cref="EmberContext.Union{T}"/> for how partitions are laid out.
    /// </summary>
    public Rdd<T> Union(Rdd<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Context.Union([this, other]);
    }

    /// <summary>
    /// Fewer partitions. Without <paramref name="shuffle"/> it merges neighbouring partitions in one task (narrow;
    /// it cannot increase the count); with it, records are redistributed evenly (a shuffle), as <see cref="Repartition"/>.
    /// </summary>
    public Rdd<T> Coalesce(int partitions, bool shuffle = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        if (!shuffle)
        {
            return new CoalescedRdd<T>(this, partitions);
        }
        var keyed = MapPartitionsWithIndex((index, items) => DealRoundRobin(index, items, partitions));
        return new ShuffledRdd<int, T, T>(keyed, new DirectPartitioner(partitions), null, false, null, "Repartition").Values();
    }

    /// <summary>
    /// Spark's distributePartition: each input partition deals its records round-robin from a start drawn from a
    /// generator seeded by its index, so the starts are spread and the output balanced (starting every input at the
    /// same place, or at its own index, piles records into the first outputs); the same input gives Spark's placement.
    /// </summary>
    private static IEnumerable<(int, T)> DealRoundRobin(int index, IEnumerable<T> items, int partitions)
    {
        var position = new XorShiftRandom(index).NextInt(partitions);
        foreach (var item in items)
        {
            position = position + 1 == partitions ? 0 : position + 1;
            yield return (position, item);
        }
    }

    /// <summary>
    /// Exactly <paramref name="partitions"/> partitions of balanced size (each input partition deals its records
    /// round-robin from a seeded random start, as Spark's, so records land where Spark puts them). Shuffles.
    /// </summary>
    public Rdd<T> Repartition(int partitions) => Coalesce(partitions, shuffle: true);

    /// <summary>
    /// A random sample: each record kept with probability <paramref name="fraction"/> (without replacement), or
    /// taken a Poisson(<paramref name="fraction"/>) number of times (with replacement). The same seed gives the same
    /// sample. Narrow, no shuffle.
    /// </summary>
    public Rdd<T> Sample(bool withReplacement, double fraction, int? seed = null)
    {
        if (double.IsNaN(fraction) || fraction < 0 || (!withReplacement && fraction > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction,
                withReplacement ? "The fraction must be at least 0." : "The fraction must be within [0, 1] without replacement.");
        }
        var baseSeed = seed ?? Random.Shared.Next();
        return new MapPartitionsRdd<T, T>(this, (index, items) => Sampler.Sample(items, withReplacement, fraction, StableHash.Of((baseSeed, index))), true, "Sample");
    }

    /// <summary>
    /// The distinct records, into <paramref name="partitions"/> partitions (default as this RDD). Shuffles, unless this
    /// RDD has a partitioner and as many partitions as asked for (as Spark 3's): equal records then share a partition,
    /// so each partition drops its own duplicates in place, in one narrow step that keeps the partitioner.
    /// </summary>
    public Rdd<T> Distinct(int? partitions = null)
    {
        var count = partitions ?? Math.Max(1, Partitions.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(partitions));
        if (Partitioner is not null && count == Partitions.Count)
        {
            return new MapPartitionsRdd<T, T>(this, (_, items) =>
            {
                var seen = new HashSet<T>();
                return items.Where(seen.Add);
            }, true, "Distinct");
        }
        return Map(item => (item, true)).ReduceByKey((first, _) => first, count).Keys();
    }

    /// <summary>
    /// The records of this RDD that do not occur in <paramref name="other"/> (duplicates of kept records stay).
    /// Shuffles both sides, into as many partitions as this RDD by default.
    /// </summary>
    public Rdd<T> Subtract(Rdd<T> other, int? partitions = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Map(item => (item, true)).SubtractByKey(other.Map(item => (item, true)), partitions).Keys();
    }

    /// <summary>
    /// Combines partition <c>i</c> of this RDD with partition <c>i</c> of <paramref name="other"/> (same partition count
    /// required, else <see cref="ArgumentException"/>). Narrow, no shuffle.
    /// </summary>
    public Rdd<TResult> ZipPartitions<TOther, TResult>(
        Rdd<TOther> other, Func<IEnumerable<T>, IEnumerable<TOther>, IEnumerable<TResult>> zip, bool preservesPartitioning = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(zip);
        return new ZippedPartitionsRdd<T, TOther, TResult>(this, other, zip, preservesPartitioning);
    }
}

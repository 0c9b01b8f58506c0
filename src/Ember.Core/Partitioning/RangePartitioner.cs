using System.Runtime.CompilerServices;
using Ember.Ordering;

namespace Ember.Partitioning;

/// <summary>
/// Places keys into sorted, roughly equal ranges (Spark's RangePartitioner), so that partition <c>i</c> holds only
/// keys ordered before those of partition <c>i + 1</c>. Used by <c>SortByKey</c>.
/// </summary>
public sealed class RangePartitioner<TKey> : IPartitioner
{
    private readonly TKey[] upperBounds;
    private readonly IComparer<TKey> comparer;

    /// <summary>
    /// Creates a partitioner from the upper bounds of every partition but the last, sorted by
    /// <paramref name="comparer"/>; null means Ember's default order, Java's: strings ordinal (by UTF-16 code unit,
    /// never by culture), value tuples holding strings element by element, other types <see cref="Comparer{T}.Default"/>.
    /// </summary>
    public RangePartitioner(IReadOnlyList<TKey> upperBounds, IComparer<TKey>? comparer, bool ascending)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        this.upperBounds = [.. upperBounds];
        this.comparer = comparer ?? DefaultOrdering<TKey>.Instance;
        Ascending = ascending;
    }

    /// <summary>The order the bounds are sorted by (FilterByRange prunes partitions only when it uses the same one).</summary>
    internal IComparer<TKey> Comparer => comparer;

    /// <summary>Whether partition 0 holds the smallest keys.</summary>
    public bool Ascending { get; }

    /// <inheritdoc />
    public int NumPartitions => upperBounds.Length + 1;

    /// <summary>
    /// Picks bounds from a sample of keys so that each of <paramref name="partitions"/> ranges gets a similar share,
    /// ordered by <paramref name="comparer"/> (null: the default order, as the constructor's).
    /// </summary>
    public static RangePartitioner<TKey> FromSample(IReadOnlyList<TKey> sample, int partitions, IComparer<TKey>? comparer, bool ascending)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentNullException.ThrowIfNull(sample);
        comparer ??= DefaultOrdering<TKey>.Instance;
        var sorted = sample.ToArray();
        Array.Sort(sorted, comparer);
        var bounds = new List<TKey>();
        for (var i = 1; i < partitions && sorted.Length > 0; i++)
        {
            var candidate = sorted[(int)((long)i * sorted.Length / partitions)];
            if (bounds.Count == 0 || comparer.Compare(bounds[^1], candidate) < 0)
            {
                bounds.Add(candidate);
            }
        }
        return new RangePartitioner<TKey>(bounds, comparer, ascending);
    }

    /// <inheritdoc />
    public int GetPartition<T>(T key)
    {
        var typed = typeof(T) == typeof(TKey) ? Unsafe.As<T, TKey>(ref key) : (TKey)(object)key!;
        var index = Array.BinarySearch(upperBounds, typed, comparer);
        var partition = index >= 0 ? index : ~index;
        return Ascending ? partition : upperBounds.Length - partition;
    }

    /// <inheritdoc />
    public bool Equals(IPartitioner? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override string ToString() => $"RangePartitioner({NumPartitions}, {(Ascending ? "ascending" : "descending")})";
}

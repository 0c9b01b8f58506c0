using Ember.Ordering;

namespace Ember;

// Ordering operations. With no comparer, records compare in Java's order, as Spark: strings by UTF-16 code unit
// (ordinal, never the current culture), doubles and floats with NaN above every number and -0.0 below 0.0, every
// other type by Comparer<T>.Default; null first.
public abstract partial class Rdd<T>
{
    /// <summary>
    /// The records sorted by the key <paramref name="keySelector"/> gives them (by <paramref name="comparer"/>, default
    /// Java's order): partition <c>i</c> holds keys ordered before those of partition <c>i + 1</c>, so <c>Collect</c>
    /// is fully ordered. Shuffles with a range partitioner into <paramref name="partitions"/> (default as this RDD);
    /// runs a job now to sample the keys, as Spark's sortBy.
    /// </summary>
    public Rdd<T> SortBy<TKey>(Func<T, TKey> keySelector, bool ascending = true, int? partitions = null, IComparer<TKey>? comparer = null) =>
        KeyBy(keySelector).SortByKey(ascending, partitions, comparer).Values();

    /// <summary>
    /// The largest record by <paramref name="comparer"/> (default Java's order). Runs one job, reducing each partition
    /// on the workers. Throws <see cref="InvalidOperationException"/> on an empty RDD.
    /// </summary>
    public Task<T> MaxAsync(IComparer<T>? comparer = null, CancellationToken cancellationToken = default)
    {
        var order = comparer ?? DefaultOrdering<T>.Instance;
        return ReduceAsync((a, b) => order.Compare(a, b) >= 0 ? a : b, cancellationToken);
    }

    /// <inheritdoc cref="MaxAsync"/>
    public T Max(IComparer<T>? comparer = null) => Wait(MaxAsync(comparer));

    /// <summary>
    /// The smallest record by <paramref name="comparer"/> (default Java's order). Runs one job, reducing each partition
    /// on the workers. Throws <see cref="InvalidOperationException"/> on an empty RDD.
    /// </summary>
    public Task<T> MinAsync(IComparer<T>? comparer = null, CancellationToken cancellationToken = default)
    {
        var order = comparer ?? DefaultOrdering<T>.Instance;
        return ReduceAsync((a, b) => order.Compare(a, b) <= 0 ? a : b, cancellationToken);
    }

    /// <inheritdoc cref="MinAsync"/>
    public T Min(IComparer<T>? comparer = null) => Wait(MinAsync(comparer));

    /// <summary>
    /// The <paramref name="count"/> smallest records by <paramref name="comparer"/> (default Java's order), smallest
    /// first; fewer when the RDD is smaller. Runs one job: each partition keeps its <paramref name="count"/> smallest
    /// in a bounded heap, so only <c>count × partitions</c> records reach the caller. No shuffle.
    /// </summary>
    public async Task<IReadOnlyList<T>> TakeOrderedAsync(int count, IComparer<T>? comparer = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0 || Partitions.Count == 0)
        {
            return [];
        }
        var order = comparer ?? DefaultOrdering<T>.Instance;
        var parts = await Context.RunActionAsync("TakeOrdered", this, (_, items) => BoundedSelection.Smallest(items, count, order), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return BoundedSelection.Smallest(parts.SelectMany(part => part), count, order);
    }

    /// <inheritdoc cref="TakeOrderedAsync"/>
    public IReadOnlyList<T> TakeOrdered(int count, IComparer<T>? comparer = null) => Wait(TakeOrderedAsync(count, comparer));

    /// <summary>
    /// The <paramref name="count"/> largest records by <paramref name="comparer"/> (default Java's order), largest
    /// first: <see cref="TakeOrderedAsync"/> with the order reversed, at the same cost.
    /// </summary>
    public Task<IReadOnlyList<T>> TopAsync(int count, IComparer<T>? comparer = null, CancellationToken cancellationToken = default)
    {
        var order = comparer ?? DefaultOrdering<T>.Instance;
        return TakeOrderedAsync(count, Comparer<T>.Create((a, b) => order.Compare(b, a)), cancellationToken);
    }

    /// <inheritdoc cref="TopAsync"/>
    public IReadOnlyList<T> Top(int count, IComparer<T>? comparer = null) => Wait(TopAsync(count, comparer));
}

using Ember.Rdds;
using Ember.Serialization;

namespace Ember;

public abstract partial class Rdd<T>
{
    /// <summary>
    /// As <see cref="AggregateAsync{TAccumulate}"/>, but the partition results are merged in a tree on the workers,
    /// so the caller receives few of them: with <c>n</c> partitions, scale <c>s = max(ceil(n^(1/depth)), 2)</c>,
    /// levels of <c>n / s</c>, <c>n / s²</c>, ... partitions are added while <c>n &gt; s + ceil(n / s)</c> (Spark's
    /// rule). Each level is one shuffle of one record per partition; all run in one job. <paramref name="zero"/>
    /// starts every partition and the final merge on the caller, so it must be neutral for both functions; each
    /// partition gets its own copy, as in <see cref="AggregateAsync{TAccumulate}"/>. An RDD with no partitions gives <paramref name="zero"/>.
    /// </summary>
    public async Task<TAccumulate> TreeAggregateAsync<TAccumulate>(TAccumulate zero, Func<TAccumulate, T, TAccumulate> seqOp,
        Func<TAccumulate, TAccumulate, TAccumulate> combOp, int depth = 2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seqOp);
        ArgumentNullException.ThrowIfNull(combOp);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        if (Partitions.Count == 0)
        {
            return zero;
        }
        var zeroValue = new ZeroValue<TAccumulate>(zero, Context.Serializer, "TreeAggregate");
        var partials = new MapPartitionsRdd<T, TAccumulate>(this, (_, items) => [items.Aggregate(zeroValue.Copy(), seqOp)], false, "TreeAggregate");
        return await TreeAggregation.Narrow(partials, combOp, depth).FoldAsync(zero, combOp, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="TreeAggregateAsync"/>
    public TAccumulate TreeAggregate<TAccumulate>(TAccumulate zero, Func<TAccumulate, T, TAccumulate> seqOp,
        Func<TAccumulate, TAccumulate, TAccumulate> combOp, int depth = 2) =>
        Wait(TreeAggregateAsync(zero, seqOp, combOp, depth));

    /// <summary>
    /// As <see cref="ReduceAsync"/> (<paramref name="reducer"/> associative and commutative), with the partition
    /// results merged in a tree of the given <paramref name="depth"/> on the workers, as
    /// <see cref="TreeAggregateAsync{TAccumulate}"/>. Throws <see cref="InvalidOperationException"/> on an empty RDD.
    /// </summary>
    public async Task<T> TreeReduceAsync(Func<T, T, T> reducer, int depth = 2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        // An empty partition reduces to "no value", which every merge skips (Spark's Option).
        Func<(bool HasValue, T Value), (bool HasValue, T Value), (bool HasValue, T Value)> merge =
            (a, b) => !a.HasValue ? b : !b.HasValue ? a : (true, reducer(a.Value, b.Value));
        var none = (HasValue: false, Value: default(T)!);
        if (Partitions.Count == 0)
        {
            throw new InvalidOperationException($"TreeReduce called on an empty RDD ({this}).");
        }
        var partials = new MapPartitionsRdd<T, (bool HasValue, T Value)>(this, (_, items) => [items.Aggregate(none, (a, item) => merge(a, (true, item)))],
            false, "TreeReduce");
        // Every partition of the narrowed tree holds exactly one record, so a plain reduce ends it: no zero to copy.
        var result = await TreeAggregation.Narrow(partials, merge, depth).ReduceAsync(merge, cancellationToken).ConfigureAwait(false);
        return result.HasValue ? result.Value : throw new InvalidOperationException($"TreeReduce called on an empty RDD ({this}).");
    }

    /// <inheritdoc cref="TreeReduceAsync"/>
    public T TreeReduce(Func<T, T, T> reducer, int depth = 2) => Wait(TreeReduceAsync(reducer, depth));
}

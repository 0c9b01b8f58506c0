namespace Ember.Tests.PairOperators;

/// <summary>
/// Tiny LINQ reference implementations of the key-value joins. LINQ's own <c>Join</c> and <c>GroupJoin</c> drop
/// <c>null</c> keys, whereas Spark and Ember match a null key with a null key, so these group with
/// <c>ToLookup</c>, which keeps them.
/// </summary>
public static class JoinReference
{
    public static IEnumerable<(TKey Key, (TLeft Left, TRight Right) Value)> Join<TKey, TLeft, TRight>(
        IEnumerable<(TKey Key, TLeft Value)> left, IEnumerable<(TKey Key, TRight Value)> right)
    {
        var rightByKey = right.ToLookup(r => r.Key, r => r.Value);
        return from l in left from r in rightByKey[l.Key] select (l.Key, (l.Value, r));
    }

    public static IEnumerable<(TKey Key, (TLeft Left, Option<TRight> Right) Value)> LeftOuterJoin<TKey, TLeft, TRight>(
        IEnumerable<(TKey Key, TLeft Value)> left, IEnumerable<(TKey Key, TRight Value)> right)
    {
        var rightByKey = right.ToLookup(r => r.Key, r => r.Value);
        return from l in left from r in Optional(rightByKey[l.Key]) select (l.Key, (l.Value, r));
    }

    public static IEnumerable<(TKey Key, (Option<TLeft> Left, TRight Right) Value)> RightOuterJoin<TKey, TLeft, TRight>(
        IEnumerable<(TKey Key, TLeft Value)> left, IEnumerable<(TKey Key, TRight Value)> right)
    {
        var leftByKey = left.ToLookup(l => l.Key, l => l.Value);
        return from r in right from l in Optional(leftByKey[r.Key]) select (r.Key, (l, r.Value));
    }

    public static IEnumerable<(TKey Key, (Option<TLeft> Left, Option<TRight> Right) Value)> FullOuterJoin<TKey, TLeft, TRight>(
        IEnumerable<(TKey Key, TLeft Value)> left, IEnumerable<(TKey Key, TRight Value)> right)
    {
        var leftByKey = left.ToLookup(l => l.Key, l => l.Value);
        var rightByKey = right.ToLookup(r => r.Key, r => r.Value);
        return from key in leftByKey.Select(g => g.Key).Union(rightByKey.Select(g => g.Key))
               from l in Optional(leftByKey[key])
               from r in Optional(rightByKey[key])
               select (key, (l, r));
    }

    /// <summary>Each key of either side with both value lists, rendered as order-independent bags.</summary>
    public static IEnumerable<(TKey Key, (string Left, string Right) Value)> CoGroup<TKey, TLeft, TRight>(
        IEnumerable<(TKey Key, TLeft Value)> left, IEnumerable<(TKey Key, TRight Value)> right)
    {
        var leftByKey = left.ToLookup(l => l.Key, l => l.Value);
        var rightByKey = right.ToLookup(r => r.Key, r => r.Value);
        return from key in leftByKey.Select(g => g.Key).Union(rightByKey.Select(g => g.Key))
               select (key, (PairInputs.Bag(leftByKey[key]), PairInputs.Bag(rightByKey[key])));
    }

    public static IEnumerable<(TKey Key, TLeft Value)> SubtractByKey<TKey, TLeft, TRight>(
        IEnumerable<(TKey Key, TLeft Value)> left, IEnumerable<(TKey Key, TRight Value)> right)
    {
        var rightByKey = right.ToLookup(r => r.Key);
        return left.Where(l => !rightByKey.Contains(l.Key));
    }

    private static IEnumerable<Option<T>> Optional<T>(IEnumerable<T> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? [Option<T>.None] : list.Select(Option.Some);
    }
}

namespace Ember;

/// <summary>LINQ names for the narrow transformations, so C# query syntax works on an <see cref="Rdd{T}"/>.</summary>
public abstract partial class Rdd<T>
{
    /// <summary>Alias of <see cref="Map{TResult}"/>.</summary>
    public Rdd<TResult> Select<TResult>(Func<T, TResult> selector) => Map(selector);

    /// <summary>Alias of <see cref="Filter"/>.</summary>
    public Rdd<T> Where(Func<T, bool> predicate) => Filter(predicate);

    /// <summary>Alias of <see cref="FlatMap{TResult}"/>.</summary>
    public Rdd<TResult> SelectMany<TResult>(Func<T, IEnumerable<TResult>> selector) => FlatMap(selector);

    /// <summary>The query-syntax form of <see cref="FlatMap{TResult}"/> (<c>from a in rdd from b in f(a) select g(a, b)</c>).</summary>
    public Rdd<TResult> SelectMany<TCollection, TResult>(Func<T, IEnumerable<TCollection>> collectionSelector, Func<T, TCollection, TResult> resultSelector)
    {
        ArgumentNullException.ThrowIfNull(collectionSelector);
        ArgumentNullException.ThrowIfNull(resultSelector);
        return FlatMap(item => collectionSelector(item).Select(inner => resultSelector(item, inner)));
    }
}

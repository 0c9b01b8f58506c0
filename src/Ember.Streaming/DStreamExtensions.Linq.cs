namespace Ember.Streaming;

public static partial class DStreamExtensions
{
    /// <summary>Alias of <see cref="Map{T, TResult}"/>, for C# query syntax.</summary>
    public static DStream<TResult> Select<T, TResult>(this DStream<T> stream, Func<T, TResult> selector) => stream.Map(selector);

    /// <summary>Alias of <see cref="Filter{T}"/>, for C# query syntax.</summary>
    public static DStream<T> Where<T>(this DStream<T> stream, Func<T, bool> predicate) => stream.Filter(predicate);

    /// <summary>Alias of <see cref="FlatMap{T, TResult}"/>.</summary>
    public static DStream<TResult> SelectMany<T, TResult>(this DStream<T> stream, Func<T, IEnumerable<TResult>> selector) => stream.FlatMap(selector);

    /// <summary>The query-syntax form of <see cref="FlatMap{T, TResult}"/> (<c>from a in s from b in f(a) select g(a, b)</c>).</summary>
    public static DStream<TResult> SelectMany<T, TCollection, TResult>(this DStream<T> stream, Func<T, IEnumerable<TCollection>> collectionSelector, Func<T, TCollection, TResult> resultSelector)
    {
        ArgumentNullException.ThrowIfNull(collectionSelector);
        ArgumentNullException.ThrowIfNull(resultSelector);
        return stream.FlatMap(item => collectionSelector(item).Select(inner => resultSelector(item, inner)));
    }
}

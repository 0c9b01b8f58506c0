namespace Ember.Serialization;

/// <summary>
/// A value that makes its own independent copies. Ember copies a zero value (<c>AggregateByKey</c>,
/// <c>FoldByKey</c>, <c>Aggregate</c>, <c>Fold</c>) once per key and per task, and a combiner read back from a
/// shuffle before merging into it; it does so through the context's <see cref="ISerializer"/> (as Spark does),
/// unless the value implements this interface, in which case <see cref="Copy"/> is called instead. Implement it on a
/// type the serializer cannot round-trip (one holding a delegate, a handle or a custom comparer), or to copy faster.
/// </summary>
/// <typeparam name="T">The type of the copies: the zero value's or combiner's declared type.</typeparam>
public interface ICopyable<out T>
{
    /// <summary>
    /// A new value equal to this one that shares no mutable state with it: mutating either must never change the
    /// other. Called concurrently from several worker threads, on an instance nobody mutates.
    /// </summary>
    T Copy();
}

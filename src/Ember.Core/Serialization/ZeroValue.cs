namespace Ember.Serialization;

/// <summary>
/// The zero value of an aggregation, handed out as a fresh copy for every key and every task (Spark serializes the
/// zero once and deserializes it wherever it starts an accumulation), so a mutable zero (a <c>HashSet</c>, a
/// <c>List</c>, an array) is never shared between keys, nor between threads. The original is never handed out.
/// </summary>
internal sealed class ZeroValue<T>
{
    private readonly T zero;
    private readonly ISerializer serializer;
    private readonly byte[]? bytes;

    /// <summary>
    /// Checks now that <paramref name="zero"/> can be copied, so a zero the serializer cannot handle fails when the
    /// operator is built, naming <paramref name="operation"/> and the type, rather than inside every task.
    /// </summary>
    public ZeroValue(T zero, ISerializer serializer, string operation)
    {
        this.zero = zero;
        this.serializer = serializer;
        if (ValueCopier<T>.IsImmutable || zero is null || zero is ICopyable<T>)
        {
            return;
        }
        try
        {
            if (zero.GetType() == typeof(T))
            {
                // Serialized once: every copy is then a single deserialization, as Spark's.
                bytes = serializer.Serialize(zero);
                serializer.Deserialize<T>(bytes);
            }
            else
            {
                ValueCopier<T>.Copy(zero, serializer);
            }
        }
        catch (EmberSerializationException error)
        {
            throw new ArgumentException(
                $"The zero value of {operation} ({zero.GetType()}) is copied for every key and every task, and the serializer cannot copy it: " +
                $"{error.Message} Use a type the serializer handles, or implement {nameof(ICopyable<T>)}<{typeof(T).Name}> on it.", nameof(zero), error);
        }
    }

    /// <summary>A copy of the zero value that nothing else holds (the value itself when it cannot be mutated).</summary>
    public T Copy() =>
        ValueCopier<T>.IsImmutable ? zero
        : bytes is not null ? serializer.Deserialize<T>(bytes)
        : ValueCopier<T>.Copy(zero, serializer);
}

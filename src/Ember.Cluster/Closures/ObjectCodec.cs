namespace Ember.Cluster.Closures;

/// <summary>How the objects of one runtime type are written and rebuilt; one instance per type, cached by <see cref="Codecs"/>.</summary>
internal abstract class ObjectCodec
{
    /// <summary>Writes the body of <paramref name="value"/> (its type is written already, when the slot needs it).</summary>
    public abstract void Write(GraphWriter writer, object value);

    /// <summary>
    /// Rebuilds a body. <paramref name="id"/> is the object's id (negative for a value in a value-type slot): a codec
    /// that can create its object before reading the parts binds it at once, so references back to it resolve.
    /// </summary>
    public abstract object Read(GraphReader reader, int id);
}

/// <summary>A type that must not travel: writing it throws with the reason; reading it means the bytes are corrupt.</summary>
internal sealed class RefusedCodec(string reason) : ObjectCodec
{
    public string Reason { get; } = reason;

    public override void Write(GraphWriter writer, object value) => throw new RefusalException(value.GetType(), Reason);

    public override object Read(GraphReader reader, int id) => throw new InvalidDataException($"The task binary holds a value that cannot travel ({Reason}).");
}

/// <summary>
/// Objects whose identity is all that matters (a bare <see cref="object"/> or <see cref="Lock"/> used as a monitor):
/// created fresh on the receiving side, since a lock held in one process means nothing in another.
/// </summary>
internal sealed class FreshCodec(Func<object> create) : ObjectCodec
{
    public override void Write(GraphWriter writer, object value)
    {
    }

    public override object Read(GraphReader reader, int id) => create();
}

/// <summary>A value written and read by two functions of the type, with no parts that could refer back to it.</summary>
internal sealed class ValueCodec<T>(Action<GraphWriter, T> write, Func<GraphReader, T> read) : ObjectCodec
    where T : notnull
{
    public override void Write(GraphWriter writer, object value) => write(writer, (T)value);

    public override object Read(GraphReader reader, int id) => read(reader);
}

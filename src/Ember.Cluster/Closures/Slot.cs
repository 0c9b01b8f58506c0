namespace Ember.Cluster.Closures;

/// <summary>
/// A place declared with a type (a field, an array's elements): reference slots carry a tag and the runtime type,
/// value-type slots only the value, with the codec looked up once rather than for every value.
/// </summary>
internal sealed class Slot
{
    private readonly Type declared;
    private readonly Type? nullableOf;
    private ObjectCodec? codec;

    public Slot(Type declared)
    {
        this.declared = declared;
        IsReference = !declared.IsValueType;
        nullableOf = Nullable.GetUnderlyingType(declared);
        if (declared.IsPointer || declared.IsFunctionPointer || declared.IsByRef)
        {
            Refusal = Refusals.ReasonFor(declared);
        }
    }

    public bool IsReference { get; }

    /// <summary>Why no value of this slot can travel, whatever it holds (an unmanaged pointer field); else null.</summary>
    public string? Refusal { get; }

    // Looked up on first use: a type's codec may be under construction when its fields' slots are made.
    private ObjectCodec Codec => codec ??= Codecs.For(nullableOf ?? declared);

    public void Write(GraphWriter writer, object? value)
    {
        if (Refusal is not null)
        {
            throw new RefusalException(declared, Refusal);
        }
        if (IsReference)
        {
            writer.WriteObject(value);
            return;
        }
        if (nullableOf is not null)
        {
            writer.WriteBoolean(value is not null);
            if (value is null)
            {
                return;
            }
        }
        Codec.Write(writer, value!);
    }

    /// <summary>Reads the value; <paramref name="pendingId"/> is set (and null returned) for a reference to an object still being built.</summary>
    public object? Read(GraphReader reader, out int pendingId)
    {
        if (IsReference)
        {
            return reader.ReadObject(out pendingId);
        }
        pendingId = -1;
        if (nullableOf is not null && !reader.ReadBoolean())
        {
            return null;
        }
        return Codec.Read(reader, -1);
    }
}

namespace Ember.Cluster.Closures;

/// <summary>
/// One-dimensional arrays: raw memory in one copy when the element type holds no references (int[], double[],
/// (int, long)[]), else element by element (strings, records, tuples with strings); see <see cref="Elements{T}"/>.
/// </summary>
internal sealed class ArrayCodec<T> : ObjectCodec
{
    public override void Write(GraphWriter writer, object value)
    {
        var array = (T[])value;
        writer.WriteCount(array.Length);
        Elements<T>.Write(writer, array);
    }

    public override object Read(GraphReader reader, int id)
    {
        var array = new T[reader.ReadCount()];
        reader.Bind(id, array);
        Elements<T>.Read(reader, array);
        return array;
    }
}

/// <summary>
/// The elements of arrays and collections: raw memory when <typeparamref name="T"/> allows it, else one by one,
/// naming the index of a refused element.
/// </summary>
internal static class Elements<T>
{
    public static readonly Slot Slot = new(typeof(T));

    private static readonly bool Blittable = Codecs.IsBlittable(typeof(T));

    public static void Write(GraphWriter writer, ReadOnlySpan<T> items)
    {
        if (Blittable)
        {
            writer.WriteBlittable(items);
            return;
        }
        if (Typed<T>.Write is { } typed)
        {
            foreach (var item in items)
            {
                typed(writer, item);
            }
            return;
        }
        var i = 0;
        try
        {
            for (; i < items.Length; i++)
            {
                Slot.Write(writer, items[i]);
            }
        }
        catch (RefusalException refusal)
        {
            throw refusal.Through(new PartStep($"[{i}]"));
        }
    }

    public static void Read(GraphReader reader, Span<T> items)
    {
        if (Blittable)
        {
            reader.ReadBlittable(items);
            return;
        }
        if (Typed<T>.Read is { } typed)
        {
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = typed(reader);
            }
            return;
        }
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Read(reader);
        }
    }

    public static T Read(GraphReader reader)
    {
        var value = Slot.Read(reader, out var pendingId);
        return pendingId < 0 ? (T)value! : throw new InvalidDataException(
            $"The task binary refers to object {pendingId} while it is being built, from an element of a collection: such a cycle cannot be rebuilt.");
    }
}

/// <summary>Arrays of rank 2 and more (and non-zero lower bounds): bounds, then elements in row-major order.</summary>
internal sealed class MultiArrayCodec(Type type) : ObjectCodec
{
    private readonly Type element = type.GetElementType()!;
    private readonly Slot slot = new(type.GetElementType()!);
    private readonly int rank = type.GetArrayRank();

    public override void Write(GraphWriter writer, object value)
    {
        var array = (Array)value;
        for (var dimension = 0; dimension < rank; dimension++)
        {
            writer.WriteCount(array.GetLength(dimension));
            writer.WriteVarInt64(array.GetLowerBound(dimension));
        }
        var index = 0;
        try
        {
            foreach (var item in array)
            {
                slot.Write(writer, item);
                index++;
            }
        }
        catch (RefusalException refusal)
        {
            throw refusal.Through(new PartStep($"[element {index}]"));
        }
    }

    public override object Read(GraphReader reader, int id)
    {
        var lengths = new int[rank];
        var lowerBounds = new int[rank];
        for (var dimension = 0; dimension < rank; dimension++)
        {
            lengths[dimension] = reader.ReadCount();
            lowerBounds[dimension] = checked((int)reader.ReadVarInt64());
        }
        var array = Array.CreateInstance(element, lengths, lowerBounds);
        reader.Bind(id, array);
        var indices = (int[])lowerBounds.Clone();
        for (var remaining = array.Length; remaining > 0; remaining--)
        {
            var value = slot.Read(reader, out var pendingId);
            array.SetValue(pendingId < 0 ? value : throw new InvalidDataException($"An element of a {type} refers to an object still being built."), indices);
            // Row-major: the last dimension moves fastest, as Array's enumerator walks it.
            for (var dimension = rank - 1; dimension >= 0; dimension--)
            {
                if (++indices[dimension] < lowerBounds[dimension] + lengths[dimension])
                {
                    break;
                }
                indices[dimension] = lowerBounds[dimension];
            }
        }
        return array;
    }
}

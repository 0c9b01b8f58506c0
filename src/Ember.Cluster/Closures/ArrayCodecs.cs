namespace Ember.Cluster.Closures;

/// <summary>
/// One-dimensional arrays: raw memory in one copy when the element type holds no references (int[], double[],
/// (int, long)[]), else element by element (strings, records, tuples with strings).
/// </summary>
internal sealed class ArrayCodec<T> : ObjectCodec
{
    private static readonly bool Blittable = Codecs.IsBlittable(typeof(T));

    public override void Write(GraphWriter writer, object value)
    {
        var array = (T[])value;
        writer.WriteCount(array.Length);
        if (Blittable)
        {
            writer.WriteBlittable<T>(array);
            return;
        }
        Elements.Write(writer, array);
    }

    public override object Read(GraphReader reader, int id)
    {
        var array = new T[reader.ReadCount()];
        reader.Bind(id, array);
        if (Blittable)
        {
            reader.ReadBlittable<T>(array);
            return array;
        }
        Elements.Read(reader, array);
        return array;
    }
}

/// <summary>Element-by-element writing shared by arrays and lists, naming the index of a refused element.</summary>
internal static class Elements
{
    public static void Write<T>(GraphWriter writer, ReadOnlySpan<T> items)
    {
        var declared = typeof(T);
        var i = 0;
        try
        {
            if (!declared.IsValueType)
            {
                for (; i < items.Length; i++)
                {
                    writer.WriteObject(items[i]);
                }
                return;
            }
            for (; i < items.Length; i++)
            {
                writer.WriteSlot(items[i], declared);
            }
        }
        catch (RefusalException refusal)
        {
            throw refusal.Through(new PartStep($"[{i}]"));
        }
    }

    public static void Read<T>(GraphReader reader, Span<T> items)
    {
        var declared = typeof(T);
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = (T)(declared.IsValueType ? reader.ReadSlot(declared) : reader.ReadObject())!;
        }
    }
}

/// <summary>Arrays of rank 2 and more (and non-zero lower bounds): bounds, then elements in row-major order.</summary>
internal sealed class MultiArrayCodec(Type type) : ObjectCodec
{
    private readonly Type element = type.GetElementType()!;
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
                writer.WriteSlot(item, element);
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
            array.SetValue(reader.ReadSlot(element), indices);
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

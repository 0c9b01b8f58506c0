using System.Runtime.InteropServices;

namespace Ember.Cluster.Closures;

/// <summary>
/// The framework's collections, by their contents and comparer rather than their internals: a Dictionary's buckets
/// hold hash codes, and string hash codes differ between processes (randomized hashing), so they are rebuilt by
/// adding the entries again. A default comparer is sent as nothing and rebuilt as the receiver's default.
/// </summary>
internal static class CollectionCodecs
{
    public static ObjectCodec? For(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }
        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        return definition == typeof(List<>) ? Codecs.Generic(typeof(ListCodec<>), arguments)
            : definition == typeof(Dictionary<,>) ? Codecs.Generic(typeof(DictionaryCodec<,>), arguments)
            : definition == typeof(HashSet<>) ? Codecs.Generic(typeof(HashSetCodec<>), arguments)
            : definition == typeof(SortedDictionary<,>) ? Codecs.Generic(typeof(SortedDictionaryCodec<,>), arguments)
            : definition == typeof(SortedSet<>) ? Codecs.Generic(typeof(SortedSetCodec<>), arguments)
            : null;
    }

    /// <summary>Writes a comparer, or null when it is the default one.</summary>
    public static void WriteComparer(GraphWriter writer, object comparer, object defaultComparer)
    {
        try
        {
            writer.WriteObject(ReferenceEquals(comparer, defaultComparer) ? null : comparer);
        }
        catch (RefusalException refusal)
        {
            throw refusal.Through(new PartStep("comparer"));
        }
    }

    public static void WritePairs<TKey, TValue>(GraphWriter writer, ICollection<KeyValuePair<TKey, TValue>> pairs)
    {
        writer.WriteCount(pairs.Count);
        var part = "key";
        try
        {
            foreach (var (key, value) in pairs)
            {
                part = "a key";
                Elements<TKey>.Slot.Write(writer, key);
                part = $"the value of key {key}";
                Elements<TValue>.Slot.Write(writer, value);
            }
        }
        catch (RefusalException refusal)
        {
            throw refusal.Through(new PartStep(part));
        }
    }

    public static void ReadPairs<TKey, TValue>(GraphReader reader, int count, IDictionary<TKey, TValue> into)
    {
        for (var i = 0; i < count; i++)
        {
            var key = Elements<TKey>.Read(reader);
            into.Add(key, Elements<TValue>.Read(reader));
        }
    }

    public static void WriteItems<T>(GraphWriter writer, IReadOnlyCollection<T> items)
    {
        writer.WriteCount(items.Count);
        Elements<T>.Write(writer, [.. items]);
    }

    public static void ReadItems<T>(GraphReader reader, ICollection<T> into)
    {
        var items = new T[reader.ReadCount()];
        Elements<T>.Read(reader, items);
        foreach (var item in items)
        {
            into.Add(item);
        }
    }
}

internal sealed class ListCodec<T> : ObjectCodec
{
    private static readonly bool Blittable = Codecs.IsBlittable(typeof(T));

    public override void Write(GraphWriter writer, object value)
    {
        var items = CollectionsMarshal.AsSpan((List<T>)value);
        writer.WriteCount(items.Length);
        if (Blittable)
        {
            writer.WriteBlittable<T>(items);
            return;
        }
        Elements<T>.Write(writer, items);
    }

    public override object Read(GraphReader reader, int id)
    {
        var count = reader.ReadCount();
        var list = new List<T>(count);
        reader.Bind(id, list);
        CollectionsMarshal.SetCount(list, count);
        if (Blittable)
        {
            reader.ReadBlittable(CollectionsMarshal.AsSpan(list));
            return list;
        }
        Elements<T>.Read(reader, CollectionsMarshal.AsSpan(list));
        return list;
    }
}

internal sealed class DictionaryCodec<TKey, TValue> : ObjectCodec where TKey : notnull
{
    public override void Write(GraphWriter writer, object value)
    {
        var dictionary = (Dictionary<TKey, TValue>)value;
        CollectionCodecs.WriteComparer(writer, dictionary.Comparer, EqualityComparer<TKey>.Default);
        CollectionCodecs.WritePairs(writer, dictionary);
    }

    public override object Read(GraphReader reader, int id)
    {
        var comparer = (IEqualityComparer<TKey>?)reader.ReadObject();
        var count = reader.ReadCount();
        var dictionary = new Dictionary<TKey, TValue>(count, comparer);
        reader.Bind(id, dictionary);
        CollectionCodecs.ReadPairs(reader, count, dictionary);
        return dictionary;
    }
}

internal sealed class SortedDictionaryCodec<TKey, TValue> : ObjectCodec where TKey : notnull
{
    public override void Write(GraphWriter writer, object value)
    {
        var dictionary = (SortedDictionary<TKey, TValue>)value;
        CollectionCodecs.WriteComparer(writer, dictionary.Comparer, Comparer<TKey>.Default);
        CollectionCodecs.WritePairs(writer, dictionary);
    }

    public override object Read(GraphReader reader, int id)
    {
        var dictionary = new SortedDictionary<TKey, TValue>((IComparer<TKey>?)reader.ReadObject());
        reader.Bind(id, dictionary);
        CollectionCodecs.ReadPairs(reader, reader.ReadCount(), dictionary);
        return dictionary;
    }
}

internal sealed class HashSetCodec<T> : ObjectCodec
{
    public override void Write(GraphWriter writer, object value)
    {
        var set = (HashSet<T>)value;
        CollectionCodecs.WriteComparer(writer, set.Comparer, EqualityComparer<T>.Default);
        CollectionCodecs.WriteItems(writer, set);
    }

    public override object Read(GraphReader reader, int id)
    {
        var set = new HashSet<T>((IEqualityComparer<T>?)reader.ReadObject());
        reader.Bind(id, set);
        CollectionCodecs.ReadItems(reader, set);
        return set;
    }
}

internal sealed class SortedSetCodec<T> : ObjectCodec
{
    public override void Write(GraphWriter writer, object value)
    {
        var set = (SortedSet<T>)value;
        CollectionCodecs.WriteComparer(writer, set.Comparer, Comparer<T>.Default);
        CollectionCodecs.WriteItems(writer, set);
    }

    public override object Read(GraphReader reader, int id)
    {
        var set = new SortedSet<T>((IComparer<T>?)reader.ReadObject());
        reader.Bind(id, set);
        CollectionCodecs.ReadItems(reader, set);
        return set;
    }
}

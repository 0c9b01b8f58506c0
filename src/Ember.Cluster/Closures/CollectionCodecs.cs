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

    public static void ReadItems<T>(GraphReader reader, int count, ICollection<T> into)
    {
        var items = new T[count];
        Elements<T>.Read(reader, items);
        foreach (var item in items)
        {
            into.Add(item);
        }
    }
}

internal sealed class ListCodec<T> : ObjectCodec
{
    public override void Write(GraphWriter writer, object value)
    {
        var items = CollectionsMarshal.AsSpan((List<T>)value);
        writer.WriteCount(items.Length);
        Elements<T>.Write(writer, items);
    }

    public override object Read(GraphReader reader, int id)
    {
        var count = reader.ReadCount();
        var list = new List<T>(count);
        reader.Bind(id, list);
        CollectionsMarshal.SetCount(list, count);
        Elements<T>.Read(reader, CollectionsMarshal.AsSpan(list));
        return list;
    }
}

/// <summary>A collection ordered or hashed by a comparer: the comparer (null when the default), the count, the contents.</summary>
internal abstract class ComparedCodec<TCollection, TItem> : ObjectCodec
    where TCollection : ICollection<TItem>
{
    public override void Write(GraphWriter writer, object value)
    {
        var collection = (TCollection)value;
        var comparer = ComparerOf(collection);
        try
        {
            writer.WriteObject(ReferenceEquals(comparer, DefaultComparer) ? null : comparer);
        }
        catch (RefusalException refusal)
        {
            throw refusal.Through(new PartStep("comparer"));
        }
        WriteContents(writer, collection);
    }

    public override object Read(GraphReader reader, int id)
    {
        var comparer = reader.ReadObject();
        var count = reader.ReadCount();
        var collection = Create(comparer, count);
        reader.Bind(id, collection);
        ReadContents(reader, count, collection);
        return collection;
    }

    protected abstract object DefaultComparer { get; }

    protected abstract object ComparerOf(TCollection collection);

    protected abstract TCollection Create(object? comparer, int count);

    /// <summary>Writes the count, then the contents.</summary>
    protected abstract void WriteContents(GraphWriter writer, TCollection collection);

    protected abstract void ReadContents(GraphReader reader, int count, TCollection into);
}

/// <summary>A dictionary of either kind: its pairs, each key then its value.</summary>
internal abstract class PairsCodec<TDictionary, TKey, TValue> : ComparedCodec<TDictionary, KeyValuePair<TKey, TValue>>
    where TDictionary : IDictionary<TKey, TValue>
{
    protected override void WriteContents(GraphWriter writer, TDictionary collection) => CollectionCodecs.WritePairs(writer, collection);

    protected override void ReadContents(GraphReader reader, int count, TDictionary into) => CollectionCodecs.ReadPairs(reader, count, into);
}

/// <summary>A set of either kind: its items.</summary>
internal abstract class ItemsCodec<TSet, T> : ComparedCodec<TSet, T>
    where TSet : ICollection<T>, IReadOnlyCollection<T>
{
    protected override void WriteContents(GraphWriter writer, TSet collection) => CollectionCodecs.WriteItems(writer, collection);

    protected override void ReadContents(GraphReader reader, int count, TSet into) => CollectionCodecs.ReadItems(reader, count, into);
}

internal sealed class DictionaryCodec<TKey, TValue> : PairsCodec<Dictionary<TKey, TValue>, TKey, TValue> where TKey : notnull
{
    protected override object DefaultComparer => EqualityComparer<TKey>.Default;

    protected override object ComparerOf(Dictionary<TKey, TValue> collection) => collection.Comparer;

    protected override Dictionary<TKey, TValue> Create(object? comparer, int count) => new(count, (IEqualityComparer<TKey>?)comparer);
}

internal sealed class SortedDictionaryCodec<TKey, TValue> : PairsCodec<SortedDictionary<TKey, TValue>, TKey, TValue> where TKey : notnull
{
    protected override object DefaultComparer => Comparer<TKey>.Default;

    protected override object ComparerOf(SortedDictionary<TKey, TValue> collection) => collection.Comparer;

    protected override SortedDictionary<TKey, TValue> Create(object? comparer, int count) => new((IComparer<TKey>?)comparer);
}

internal sealed class HashSetCodec<T> : ItemsCodec<HashSet<T>, T>
{
    protected override object DefaultComparer => EqualityComparer<T>.Default;

    protected override object ComparerOf(HashSet<T> collection) => collection.Comparer;

    protected override HashSet<T> Create(object? comparer, int count) => new(count, (IEqualityComparer<T>?)comparer);
}

internal sealed class SortedSetCodec<T> : ItemsCodec<SortedSet<T>, T>
{
    protected override object DefaultComparer => Comparer<T>.Default;

    protected override object ComparerOf(SortedSet<T> collection) => collection.Comparer;

    protected override SortedSet<T> Create(object? comparer, int count) => new((IComparer<T>?)comparer);
}

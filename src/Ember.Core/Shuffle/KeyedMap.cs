using System.Runtime.InteropServices;

// Dictionary<TKey, _> wants non-null keys; this map keeps the null key in a slot of its own.
#pragma warning disable CS8714

namespace Ember.Shuffle;

/// <summary>
/// A hash map that also accepts the <c>null</c> key (Spark allows null keys; <see cref="Dictionary{TKey,TValue}"/>
/// does not). Updates go through a reference to the slot, so combining costs one lookup per record.
/// </summary>
internal sealed class KeyedMap<TKey, TValue> : IReadOnlyDictionary<TKey, TValue>
{
    private readonly Dictionary<TKey, TValue> map;
    private bool hasNull;
    private TValue nullValue = default!;

    public KeyedMap(IEqualityComparer<TKey>? comparer = null, int capacity = 0) => map = new Dictionary<TKey, TValue>(capacity, comparer);

    public int Count => map.Count + (hasNull ? 1 : 0);

    /// <summary>The entries with a non-null key, for loops that want the dictionary's struct enumerator.</summary>
    public Dictionary<TKey, TValue> NonNullEntries => map;

    /// <summary>The value of the <c>null</c> key, when it is present.</summary>
    public bool TryGetNullValue(out TValue value)
    {
        value = nullValue;
        return hasNull;
    }

    /// <summary>Empties the map; its tables keep their capacity.</summary>
    public void Clear()
    {
        map.Clear();
        hasNull = false;
        nullValue = default!;
    }

    /// <summary>A reference to the value of <paramref name="key"/>, added as default when absent.</summary>
    public ref TValue GetOrAddSlot(TKey key, out bool existed)
    {
        if (key is null)
        {
            existed = hasNull;
            hasNull = true;
            return ref nullValue;
        }
        return ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out existed)!;
    }

    public bool Remove(TKey key)
    {
        if (key is null)
        {
            var had = hasNull;
            hasNull = false;
            nullValue = default!;
            return had;
        }
        return map.Remove(key);
    }

    public TValue this[TKey key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"Key '{key}' is not present.");

    public IEnumerable<TKey> Keys => this.Select(pair => pair.Key);

    public IEnumerable<TValue> Values => this.Select(pair => pair.Value);

    public bool ContainsKey(TKey key) => key is null ? hasNull : map.ContainsKey(key);

    public bool TryGetValue(TKey key, out TValue value)
    {
        if (key is null)
        {
            value = nullValue;
            return hasNull;
        }
        return map.TryGetValue(key, out value!);
    }

    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        if (hasNull)
        {
            yield return new KeyValuePair<TKey, TValue>(default!, nullValue);
        }
        foreach (var pair in map)
        {
            yield return pair;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

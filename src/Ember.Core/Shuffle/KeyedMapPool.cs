namespace Ember.Shuffle;

/// <summary>
/// One cleared <see cref="KeyedMap{TKey,TValue}"/> kept per thread and type. A streaming job combines about as many
/// keys every batch as the batch before; reusing a map's grown tables saves rebuilding them, and the garbage of every
/// resize, record by record. A map rented twice before it is returned (two reads of one type interleaved) simply
/// leaves the second as an ordinary allocation.
/// </summary>
internal static class KeyedMapPool<TKey, TValue>
{
    // A larger map is dropped rather than kept: a worker holding millions of idle entries costs more than it saves.
    private const int MaxPooledCount = 1 << 21;

    [ThreadStatic]
    private static KeyedMap<TKey, TValue>? pooled;

    public static KeyedMap<TKey, TValue> Rent()
    {
        var map = pooled ?? new KeyedMap<TKey, TValue>();
        pooled = null;
        return map;
    }

    public static void Return(KeyedMap<TKey, TValue> map)
    {
        if (map.Count <= MaxPooledCount)
        {
            map.Clear();
            pooled = map;
        }
    }
}

using Ember.Shuffle;

namespace Ember.Streaming.DStreams;

/// <summary>
/// One partition of a window with an inverse function: the previous window's pairs; for each key whose values left,
/// the previous value minus them (<c>inverse(previous, left)</c>); for each key whose values entered, plus them
/// (<c>reducer(current, entered)</c>, or the entered value alone for a key new to the window). Values of one key from
/// several batches are reduced together first, so each key sees at most one inverse and one reduce. One hash map per
/// partition: an insert per key of the previous window and a lookup per changed key.
/// </summary>
internal static class WindowMerge<TKey, TValue>
{
    public static (TKey Key, TValue Value)[] Merge(
        IEnumerable<(TKey Key, TValue Value)> previous,
        IReadOnlyList<IEnumerable<(TKey Key, TValue Value)>> left,
        IReadOnlyList<IEnumerable<(TKey Key, TValue Value)>> entered,
        Func<TValue, TValue, TValue> reducer,
        Func<TValue, TValue, TValue> inverse,
        Func<(TKey Key, TValue Value), bool>? filter)
    {
        // Pooled: the next window holds about as many keys, so the map's grown tables serve it again.
        var window = KeyedMapPool<TKey, Slot>.Rent();
        try
        {
            ForEach(previous, new Keep(window));
            ForEach(Combined(left, reducer), new Leave(window, inverse));
            ForEach(Combined(entered, reducer), new Enter(window, reducer));
            return Emit(window, filter);
        }
        finally
        {
            KeyedMapPool<TKey, Slot>.Return(window);
        }
    }

    /// <summary>Each key's values over <paramref name="batches"/> reduced into one: a batch from ReduceByKey has one per key already.</summary>
    private static IEnumerable<(TKey Key, TValue Value)> Combined(IReadOnlyList<IEnumerable<(TKey Key, TValue Value)>> batches, Func<TValue, TValue, TValue> reducer)
    {
        if (batches.Count <= 1)
        {
            return batches.Count == 0 ? [] : batches[0];
        }
        var combined = new KeyedMap<TKey, TValue>();
        foreach (var batch in batches)
        {
            foreach (var (key, value) in batch)
            {
                ref var slot = ref combined.GetOrAddSlot(key, out var existed);
                slot = existed ? reducer(slot, value) : value;
            }
        }
        return combined.Select(pair => (pair.Key, pair.Value));
    }

    private static void ForEach<TStep>(IEnumerable<(TKey Key, TValue Value)> records, TStep step) where TStep : struct, IStep
    {
        // Stored partitions are arrays: looping over the array skips two interface calls per record.
        if (records is (TKey Key, TValue Value)[] array)
        {
            foreach (var (key, value) in array)
            {
                step.Apply(key, value);
            }
            return;
        }
        foreach (var (key, value) in records)
        {
            step.Apply(key, value);
        }
    }

    private static (TKey Key, TValue Value)[] Emit(KeyedMap<TKey, Slot> window, Func<(TKey Key, TValue Value), bool>? filter)
    {
        var result = new (TKey Key, TValue Value)[window.Count];
        var count = 0;
        if (window.TryGetNullValue(out var nullSlot))
        {
            Add(default!, nullSlot);
        }
        foreach (var (key, slot) in window.NonNullEntries)
        {
            Add(key, slot);
        }
        if (count < result.Length)
        {
            Array.Resize(ref result, count);
        }
        return result;

        void Add(TKey key, Slot slot)
        {
            if (slot.LeftOnly)
            {
                throw new InvalidOperationException(
                    $"Key '{key}' has values leaving the window but no value in the previous window and no new value: the filter function dropped a key " +
                    "that still had values in the window, or the key's Equals/GetHashCode are not consistent.");
            }
            var pair = (key, slot.Value);
            if (filter is null || filter(pair))
            {
                result[count++] = pair;
            }
        }
    }

    /// <summary>A key's value in the window being built; <see cref="LeftOnly"/> while values left it but none was there before nor entered.</summary>
    private struct Slot
    {
        public TValue Value;
        public bool LeftOnly;
    }

    private interface IStep
    {
        void Apply(TKey key, TValue value);
    }

    private readonly struct Keep(KeyedMap<TKey, Slot> window) : IStep
    {
        public void Apply(TKey key, TValue value) => window.GetOrAddSlot(key, out _) = new Slot { Value = value };
    }

    private readonly struct Leave(KeyedMap<TKey, Slot> window, Func<TValue, TValue, TValue> inverse) : IStep
    {
        public void Apply(TKey key, TValue value)
        {
            ref var slot = ref window.GetOrAddSlot(key, out var existed);
            if (existed)
            {
                slot.Value = inverse(slot.Value, value);
            }
            else
            {
                slot.LeftOnly = true;
            }
        }
    }

    private readonly struct Enter(KeyedMap<TKey, Slot> window, Func<TValue, TValue, TValue> reducer) : IStep
    {
        public void Apply(TKey key, TValue value)
        {
            ref var slot = ref window.GetOrAddSlot(key, out var existed);
            slot.Value = existed && !slot.LeftOnly ? reducer(slot.Value, value) : value;
            slot.LeftOnly = false;
        }
    }
}

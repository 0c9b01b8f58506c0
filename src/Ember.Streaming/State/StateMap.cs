using System.Collections;
using Ember.Shuffle;

namespace Ember.Streaming.State;

/// <summary>
/// One partition's MapWithState states, as Spark's <c>OpenHashMapBasedStateMap</c>: a batch's map holds only the keys
/// the batch changed (a delta) over the previous batch's map, which stays valid and unchanged, since a replayed batch
/// reads it again. A batch thus costs its own keys, not the whole state. Every <see cref="MaxDepth"/> batches the
/// chain is flattened into a new base sized to its keys, so a lookup walks a few small deltas at most and a key costs
/// one dictionary slot of (key, state, time).
/// </summary>
internal sealed class StateMap<TKey, TState> : IEnumerable<KeyValuePair<TKey, (TState State, Time Updated)>>
{
    /// <summary>
    /// Deltas over a base before flattening. Lower than Spark's 20: a flatten copies the base, so its cost spreads over
    /// fewer batches, but a key missing from every delta costs a lookup per delta on each record.
    /// </summary>
    internal const int MaxDepth = 8;

    private readonly StateMap<TKey, TState>? parent;
    private readonly KeyedMap<TKey, (TState State, Time Updated)> entries;
    private readonly int depth;

    // Keys removed here that a parent still holds; kept apart so that live entries carry no flag.
    private KeyedMap<TKey, bool>? removed;

    private StateMap(StateMap<TKey, TState>? parent, KeyedMap<TKey, (TState State, Time Updated)> entries, int depth, int count)
    {
        this.parent = parent;
        this.entries = entries;
        this.depth = depth;
        Count = count;
    }

    /// <summary>The number of keys with a state.</summary>
    public int Count { get; private set; }

    /// <summary>A base map of <paramref name="states"/> (a later state of a key replaces an earlier one), sized to its keys.</summary>
    public static StateMap<TKey, TState> Of(IEnumerable<(TKey Key, TState State, Time Updated)> states)
    {
        var built = new KeyedMap<TKey, (TState State, Time Updated)>();
        foreach (var (key, state, updated) in states)
        {
            built.GetOrAddSlot(key, out _) = (state, updated);
        }
        return new StateMap<TKey, TState>(null, built, 0, built.Count).Flatten();
    }

    /// <summary>A map that starts as this one; changes to it leave this one as it is, which must not change any more.</summary>
    public StateMap<TKey, TState> NewDelta() =>
        depth < MaxDepth ? new StateMap<TKey, TState>(this, new KeyedMap<TKey, (TState State, Time Updated)>(), depth + 1, Count) : Flatten();

    public bool TryGetValue(TKey key, out (TState State, Time Updated) state)
    {
        for (var map = this; map is not null; map = map.parent)
        {
            if (map.entries.TryGetValue(key, out state))
            {
                return true;
            }
            if (map.removed is not null && map.removed.ContainsKey(key))
            {
                break;
            }
        }
        state = default;
        return false;
    }

    public void Set(TKey key, TState state, Time updated)
    {
        ref var entry = ref entries.GetOrAddSlot(key, out var inDelta);
        if (!inDelta && (removed?.Remove(key) == true || !InParents(key)))
        {
            Count++;
        }
        entry = (state, updated);
    }

    public void Remove(TKey key)
    {
        if (!TryGetValue(key, out _))
        {
            return;
        }
        Count--;
        entries.Remove(key);
        if (InParents(key))
        {
            (removed ??= new KeyedMap<TKey, bool>()).GetOrAddSlot(key, out _) = true;
        }
    }

    public IEnumerator<KeyValuePair<TKey, (TState State, Time Updated)>> GetEnumerator()
    {
        if (parent is null)
        {
            foreach (var pair in entries)
            {
                yield return pair;
            }
            yield break;
        }
        // Newest first: a key met in a delta, live or removed, hides its older states.
        var seen = new KeyedMap<TKey, bool>();
        for (var map = this; map is not null; map = map.parent)
        {
            foreach (var pair in map.entries)
            {
                if (map.parent is null ? !seen.ContainsKey(pair.Key) : FirstSight(seen, pair.Key))
                {
                    yield return pair;
                }
            }
            if (map.removed is { } gone)
            {
                foreach (var (key, _) in gone)
                {
                    FirstSight(seen, key);
                }
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool FirstSight(KeyedMap<TKey, bool> seen, TKey key)
    {
        seen.GetOrAddSlot(key, out var existed);
        return !existed;
    }

    private bool InParents(TKey key) => parent is not null && parent.TryGetValue(key, out _);

    private StateMap<TKey, TState> Flatten()
    {
        var flat = new KeyedMap<TKey, (TState State, Time Updated)>(capacity: Count);
        foreach (var (key, entry) in this)
        {
            flat.GetOrAddSlot(key, out _) = entry;
        }
        return new StateMap<TKey, TState>(null, flat, 0, flat.Count);
    }
}

using System.Collections;

namespace Ember.Streaming.State;

/// <summary>
/// One partition's MapWithState states, in the spirit of Spark's <c>OpenHashMapBasedStateMap</c>: a batch's map is a
/// delta (the keys changed since its base) over a base table that never changes once shared, so the previous batch's
/// map stays valid and unchanged for a replayed batch to read again. Unlike Spark's chain of deltas, each delta holds
/// every change since the base (a new batch copies its predecessor's delta, a few array copies), so a lookup costs two
/// probes at most and an old map keeps nothing but the base alive. After <see cref="MaxDepth"/> batches, or once the
/// delta holds more than an eighth of the base, the delta is folded into a copy of the base (array copies again, no
/// rehashing unless the base must grow). Per-key update times are kept only when a timeout reads them
/// (<see cref="TracksTimes"/>); otherwise every key reports the time of the last write to its map.
/// </summary>
internal sealed class StateMap<TKey, TState> : IEnumerable<KeyValuePair<TKey, (TState State, Time Updated)>>
{
    /// <summary>Batches over one base before its delta is folded in (also when the delta outgrows an eighth of the base).</summary>
    internal const int MaxDepth = 8;

    private readonly StateTable<TKey, TState> baseTable;
    private readonly StateTable<TKey, TState> delta;
    private readonly int depth;

    // The time every key reports when no per-key times are kept: the latest write to this map.
    private long written;

    private StateMap(StateTable<TKey, TState> baseTable, StateTable<TKey, TState> delta, int depth, int count, long written)
    {
        this.baseTable = baseTable;
        this.delta = delta;
        this.depth = depth;
        Count = count;
        this.written = written;
    }

    /// <summary>The number of keys with a state.</summary>
    public int Count { get; private set; }

    /// <summary>True when each key keeps the time it was last updated (a timeout needs it).</summary>
    public bool TracksTimes => baseTable.TracksTimes;

    /// <summary>
    /// A base map of <paramref name="states"/> (a later state of a key replaces an earlier one), sized to its keys;
    /// without <paramref name="tracksTimes"/>, keys report the latest of the given times.
    /// </summary>
    public static StateMap<TKey, TState> Of(IEnumerable<(TKey Key, TState State, Time Updated)> states, bool tracksTimes = true)
    {
        var table = new StateTable<TKey, TState>(tracksTimes, states.TryGetNonEnumeratedCount(out var known) ? StateTable<TKey, TState>.CompactCapacity(known) : 0);
        var latest = long.MinValue;
        foreach (var (key, state, updated) in states)
        {
            table.Write(table.FindOrAdd(key, out _), state, updated.Milliseconds);
            latest = Math.Max(latest, updated.Milliseconds);
        }
        Compact(table);
        return new StateMap<TKey, TState>(table, new StateTable<TKey, TState>(tracksTimes), 0, table.Used, latest);
    }

    /// <summary>A map that starts as this one; changes to it leave this one as it is, which must not change any more.</summary>
    public StateMap<TKey, TState> NewDelta() =>
        depth < MaxDepth && delta.Used <= baseTable.Used / 8
            ? new StateMap<TKey, TState>(baseTable, delta.Copy(), depth + 1, Count, written)
            : new StateMap<TKey, TState>(Folded(), new StateTable<TKey, TState>(TracksTimes), 0, Count, written);

    public bool TryGetValue(TKey key, out (TState State, Time Updated) state)
    {
        var slot = delta.Find(key);
        if (slot >= 0)
        {
            state = delta.KindAt(slot) == StateTable<TKey, TState>.Live ? Entry(delta, slot) : default;
            return delta.KindAt(slot) == StateTable<TKey, TState>.Live;
        }
        slot = baseTable.Find(key);
        state = slot >= 0 ? Entry(baseTable, slot) : default;
        return slot >= 0;
    }

    public void Set(TKey key, TState state, Time updated)
    {
        var slot = delta.FindOrAdd(key, out var kind);
        if (kind == StateTable<TKey, TState>.Removed || (kind == StateTable<TKey, TState>.Empty && baseTable.Find(key) < 0))
        {
            Count++;
        }
        delta.Write(slot, state, updated.Milliseconds);
        written = Math.Max(written, updated.Milliseconds);
    }

    public void Remove(TKey key)
    {
        var slot = delta.Find(key);
        if (slot >= 0 ? delta.KindAt(slot) == StateTable<TKey, TState>.Removed : baseTable.Find(key) < 0)
        {
            return;
        }
        Count--;
        delta.MarkRemoved(slot >= 0 ? slot : delta.FindOrAdd(key, out _));
    }

    /// <summary>The keys not updated since before <paramref name="threshold"/> (only maps that track times have any).</summary>
    public List<(TKey Key, TState State)> IdleSince(Time threshold)
    {
        var idle = new List<(TKey Key, TState State)>();
        if (!TracksTimes)
        {
            return idle;
        }
        foreach (var (table, slot) in LiveSlots())
        {
            if (table.TimeAt(slot, written) < threshold.Milliseconds)
            {
                idle.Add((table.KeyAt(slot), table.StateAt(slot)));
            }
        }
        return idle;
    }

    /// <summary>Every key with its state (and update time, when kept), as a snapshot's part file holds them.</summary>
    public StateColumns<TKey, TState> ToColumns()
    {
        var keys = new TKey[Count];
        var states = new TState[Count];
        var times = TracksTimes ? new long[Count] : null;
        var index = 0;
        foreach (var (table, slot) in LiveSlots())
        {
            keys[index] = table.KeyAt(slot);
            states[index] = table.StateAt(slot);
            if (times is not null)
            {
                times[index] = table.TimeAt(slot, written);
            }
            index++;
        }
        return new StateColumns<TKey, TState>(keys, states, times, written);
    }

    public IEnumerator<KeyValuePair<TKey, (TState State, Time Updated)>> GetEnumerator()
    {
        foreach (var (table, slot) in LiveSlots())
        {
            yield return new KeyValuePair<TKey, (TState State, Time Updated)>(table.KeyAt(slot), Entry(table, slot));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The live slots: the delta's, then the base's whose keys the delta does not override.</summary>
    private IEnumerable<(StateTable<TKey, TState> Table, int Slot)> LiveSlots()
    {
        for (var slot = 0; slot < delta.Capacity; slot++)
        {
            if (delta.KindAt(slot) == StateTable<TKey, TState>.Live)
            {
                yield return (delta, slot);
            }
        }
        var overridden = delta.Used > 0;
        for (var slot = 0; slot < baseTable.Capacity; slot++)
        {
            if (baseTable.KindAt(slot) == StateTable<TKey, TState>.Live && (!overridden || delta.Find(baseTable.KeyAt(slot)) < 0))
            {
                yield return (baseTable, slot);
            }
        }
    }

    private (TState State, Time Updated) Entry(StateTable<TKey, TState> table, int slot) =>
        (table.StateAt(slot), new Time(table.TimeAt(slot, written)));

    /// <summary>A new base: a copy of this one with the delta applied.</summary>
    private StateTable<TKey, TState> Folded()
    {
        var folded = baseTable.Copy();
        for (var slot = 0; slot < delta.Capacity; slot++)
        {
            switch (delta.KindAt(slot))
            {
                case StateTable<TKey, TState>.Live:
                    folded.Write(folded.FindOrAdd(delta.KeyAt(slot), out _), delta.StateAt(slot), delta.TimeAt(slot, written));
                    break;
                case StateTable<TKey, TState>.Removed:
                    folded.Delete(delta.KeyAt(slot));
                    break;
            }
        }
        Compact(folded);
        return folded;
    }

    /// <summary>Shrinks a table left sparse (grown by doubling, or emptied by removals) to its keys.</summary>
    private static void Compact(StateTable<TKey, TState> table)
    {
        var compact = StateTable<TKey, TState>.CompactCapacity(table.Used);
        if (compact < table.Capacity * 0.8)
        {
            table.Resize(compact);
        }
    }
}

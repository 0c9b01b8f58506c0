using System.Runtime.CompilerServices;

namespace Ember.Streaming.State;

/// <summary>
/// An open-addressing hash table (linear probing) of keys and states in parallel arrays, with per-slot update times
/// only when asked for: a <c>long → long</c> key costs 17 bytes a slot and no object, where a dictionary entry costs
/// 24 to 36 bytes plus its bucket. No hash codes are stored (Spark's OpenHashMap stores none either); the home slot is
/// the Fibonacci-mixed hash scaled to the capacity, so any capacity works and a table is sized to its keys.
/// A slot is empty, live, or (in a delta over another table) a marker that its key was removed.
/// </summary>
internal sealed class StateTable<TKey, TState>
{
    public const byte Empty = 0;
    public const byte Live = 1;
    public const byte Removed = 2;

    private const double MaxLoad = 0.8;
    private const double CompactLoad = 0.75;
    private const int MinCapacity = 8;

    private TKey[] keys;
    private TState[] states;
    private long[]? times;
    private byte[] slots;
    private int used;

    public StateTable(bool tracksTimes, int capacity = MinCapacity)
    {
        capacity = Math.Max(MinCapacity, capacity);
        keys = new TKey[capacity];
        states = new TState[capacity];
        times = tracksTimes ? new long[capacity] : null;
        slots = new byte[capacity];
    }

    private StateTable(StateTable<TKey, TState> other)
    {
        keys = (TKey[])other.keys.Clone();
        states = (TState[])other.states.Clone();
        times = (long[]?)other.times?.Clone();
        slots = (byte[])other.slots.Clone();
        used = other.used;
    }

    /// <summary>Slots in use, live or removal markers.</summary>
    public int Used => used;

    public int Capacity => slots.Length;

    public bool TracksTimes => times is not null;

    /// <summary>The capacity that holds <paramref name="count"/> keys at a load that leaves room to grow a little.</summary>
    public static int CompactCapacity(int count) => (int)Math.Min(Array.MaxLength, Math.Ceiling(count / CompactLoad));

    /// <summary>An independent copy: array copies, no rehashing.</summary>
    public StateTable<TKey, TState> Copy() => new(this);

    /// <summary>The slot holding <paramref name="key"/> (live or a removal marker), or -1.</summary>
    public int Find(TKey key)
    {
        var capacity = slots.Length;
        for (var slot = Home(key, capacity); ; slot = Next(slot, capacity))
        {
            var kind = slots[slot];
            if (kind == Empty)
            {
                return -1;
            }
            if (EqualityComparer<TKey>.Default.Equals(keys[slot], key))
            {
                return slot;
            }
        }
    }

    /// <summary>The slot of <paramref name="key"/>, claimed (kind <see cref="Empty"/> until written) when absent.</summary>
    public int FindOrAdd(TKey key, out byte kind)
    {
        if (used + 1 > slots.Length * MaxLoad)
        {
            Resize(slots.Length * 2);
        }
        var capacity = slots.Length;
        for (var slot = Home(key, capacity); ; slot = Next(slot, capacity))
        {
            kind = slots[slot];
            if (kind == Empty)
            {
                keys[slot] = key;
                used++;
                return slot;
            }
            if (EqualityComparer<TKey>.Default.Equals(keys[slot], key))
            {
                return slot;
            }
        }
    }

    public byte KindAt(int slot) => slots[slot];

    public TKey KeyAt(int slot) => keys[slot];

    public TState StateAt(int slot) => states[slot];

    public long TimeAt(int slot, long untracked) => times is null ? untracked : times[slot];

    public void Write(int slot, TState state, long time)
    {
        slots[slot] = Live;
        states[slot] = state;
        if (times is not null)
        {
            times[slot] = time;
        }
    }

    public void MarkRemoved(int slot)
    {
        slots[slot] = Removed;
        states[slot] = default!;
    }

    /// <summary>Deletes <paramref name="key"/> outright (no marker), shifting later entries of its probe run back.</summary>
    public bool Delete(TKey key)
    {
        var hole = Find(key);
        if (hole < 0)
        {
            return false;
        }
        var capacity = slots.Length;
        for (var slot = Next(hole, capacity); slots[slot] != Empty; slot = Next(slot, capacity))
        {
            // An entry may fill the hole only if its home is not cyclically within (hole, slot].
            var home = Home(keys[slot], capacity);
            if (hole <= slot ? home <= hole || home > slot : home <= hole && home > slot)
            {
                Move(slot, hole);
                hole = slot;
            }
        }
        slots[hole] = Empty;
        keys[hole] = default!;
        states[hole] = default!;
        used--;
        return true;
    }

    /// <summary>Rehashes into <paramref name="capacity"/> slots (at least enough for the slots in use).</summary>
    public void Resize(int capacity)
    {
        var old = (keys, states, times, slots);
        capacity = Math.Max(Math.Max(MinCapacity, capacity), (int)Math.Ceiling((used + 1) / MaxLoad));
        keys = new TKey[capacity];
        states = new TState[capacity];
        times = old.times is null ? null : new long[capacity];
        slots = new byte[capacity];
        for (var from = 0; from < old.slots.Length; from++)
        {
            if (old.slots[from] == Empty)
            {
                continue;
            }
            var to = Home(old.keys[from], capacity);
            while (slots[to] != Empty)
            {
                to = Next(to, capacity);
            }
            slots[to] = old.slots[from];
            keys[to] = old.keys[from];
            states[to] = old.states[from];
            if (times is not null)
            {
                times[to] = old.times![from];
            }
        }
    }

    private void Move(int from, int to)
    {
        slots[to] = slots[from];
        keys[to] = keys[from];
        states[to] = states[from];
        if (times is not null)
        {
            times[to] = times[from];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Home(TKey key, int capacity)
    {
        // Fibonacci mixing spreads sequential hash codes (a long's is itself) over the high bits, which the
        // multiply-shift below turns into a slot of any capacity without a division.
        var mixed = (uint)(key is null ? 0 : EqualityComparer<TKey>.Default.GetHashCode(key)) * 0x9E3779B9u;
        return (int)(((ulong)mixed * (uint)capacity) >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Next(int slot, int capacity) => ++slot == capacity ? 0 : slot;
}

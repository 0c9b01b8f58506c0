using System.Buffers;
using System.Runtime.CompilerServices;

namespace Ember.Shuffle;

/// <summary>
/// The records one map task sends to one reduce partition, in an array rented from <see cref="ArrayPool{T}.Shared"/>.
/// A streaming job shuffles about as many records every batch as the batch before, so returning the arrays of a
/// finished shuffle lets the next one reuse them instead of allocating (often on the large object heap) again.
/// </summary>
/// <remarks>
/// Whoever holds the bucket last disposes it: the local store when its shuffle is removed (Spark's lifetime: a
/// retried task or a later job may read the output until then), or the map task itself once a store that serializes
/// has written it. Reading a disposed bucket sees it empty; disposing twice is harmless.
/// </remarks>
internal sealed class ShuffleBucket<T>(int capacity) : IReadOnlyList<T>, IDisposable
{
    private T[] items = capacity > 0 ? ArrayPool<T>.Shared.Rent(capacity) : [];
    private int count;

    public int Count => count;

    /// <summary>The records, for loops that want no interface call per record.</summary>
    public ReadOnlySpan<T> Span => items.AsSpan(0, count);

    public T this[int index] => (uint)index < (uint)count
        ? items[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"The bucket holds {count} records.");

    public void Add(T item)
    {
        if (count == items.Length)
        {
            Grow();
        }
        items[count++] = item;
    }

    public void Dispose()
    {
        var rented = items;
        items = [];
        count = 0;
        Return(rented);
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return items[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private void Grow()
    {
        var larger = ArrayPool<T>.Shared.Rent(Math.Max(16, items.Length * 2));
        Span.CopyTo(larger);
        Return(items);
        items = larger;
    }

    // Records holding references are cleared, so a pooled array keeps no keys or values of a removed shuffle alive.
    private static void Return(T[] array)
    {
        if (array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }
}

/// <summary>Creating and freeing one map task's buckets, one per reduce partition.</summary>
internal static class ShuffleBuckets
{
    /// <summary>
    /// Buckets sized for an even spread of <paramref name="records"/>, plus a few records so an empty share still gets
    /// an array. No proportional slack: the pool rounds sizes up to a power of two, which leaves most buckets room to
    /// spare, and slack on top would often double the array.
    /// </summary>
    public static ShuffleBucket<T>[] Create<T>(int partitions, int records)
    {
        var buckets = new ShuffleBucket<T>[partitions];
        var share = records / partitions;
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new ShuffleBucket<T>(share + 16);
        }
        return buckets;
    }

    /// <summary>Returns the arrays of every bucket of <paramref name="buckets"/> that is a <see cref="ShuffleBucket{T}"/>.</summary>
    public static void Dispose(IEnumerable<object?> buckets)
    {
        foreach (var bucket in buckets)
        {
            (bucket as IDisposable)?.Dispose();
        }
    }
}

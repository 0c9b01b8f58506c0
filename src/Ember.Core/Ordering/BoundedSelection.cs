namespace Ember.Ordering;

/// <summary>
/// The <c>count</c> smallest records of a sequence in one pass, holding at most <c>count</c> of them (Spark's
/// BoundedPriorityQueue, used by <c>TakeOrdered</c> and <c>Top</c> on every partition, then on the caller).
/// </summary>
internal static class BoundedSelection
{
    /// <summary>The <paramref name="count"/> smallest of <paramref name="items"/> by <paramref name="comparer"/>, sorted ascending.</summary>
    public static T[] Smallest<T>(IEnumerable<T> items, int count, IComparer<T> comparer)
    {
        if (count == 0)
        {
            return [];
        }
        // A max-heap of the smallest seen so far: its root is the one to evict when a smaller record arrives.
        var largestFirst = Comparer<T>.Create((a, b) => comparer.Compare(b, a));
        var heap = new PriorityQueue<T, T>(largestFirst);
        foreach (var item in items)
        {
            if (heap.Count < count)
            {
                heap.Enqueue(item, item);
            }
            else if (comparer.Compare(item, heap.Peek()) < 0)
            {
                heap.DequeueEnqueue(item, item);
            }
        }
        var smallest = new T[heap.Count];
        for (var i = smallest.Length - 1; i >= 0; i--)
        {
            smallest[i] = heap.Dequeue();
        }
        return smallest;
    }
}

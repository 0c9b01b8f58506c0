using Ember.Rdds;

namespace Ember;

public abstract partial class Rdd<T>
{
    /// <summary>
    /// Pairs the <c>k</c>-th record of each partition here with the <c>k</c>-th record of the same partition of
    /// <paramref name="other"/>. Narrow, no shuffle. Both RDDs must have the same number of partitions (else
    /// <see cref="ArgumentException"/> now) and the same number of records in each partition (else the job fails: a
    /// <see cref="Scheduling.JobFailedException"/> around an <see cref="InvalidOperationException"/>, Spark's "Can only
    /// zip RDDs with same number of elements in each partition").
    /// </summary>
    public Rdd<(T Left, TOther Right)> Zip<TOther>(Rdd<TOther> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ZipPartitions(other, ZipRecords);
    }

    /// <summary>
    /// Each record with its index: partition order, then order within the partition, from 0 to <c>Count() - 1</c>.
    /// Narrow, no shuffle, but creating it runs a job now that counts the records of every partition but the last
    /// (as Spark). The indices follow the records' order, so it must not change from one computation to the next
    /// (persist an RDD that comes out of a shuffle first).
    /// </summary>
    public Rdd<(T Item, long Index)> ZipWithIndex() => new ZippedWithIndexRdd<T>(this);

    /// <summary>
    /// Each record with a unique id, no job run: the <c>k</c>-th record of partition <c>i</c> of <c>n</c> gets
    /// <c>k * n + i</c>. The ids have gaps (unlike <see cref="ZipWithIndex"/>). Narrow, no shuffle.
    /// </summary>
    public Rdd<(T Item, long Id)> ZipWithUniqueId()
    {
        var partitionCount = (long)Partitions.Count;
        return new MapPartitionsRdd<T, (T Item, long Id)>(this, (partition, items) => UniqueIds(items, partition, partitionCount), false, "ZipWithUniqueId");
    }

    // A long counter, not LINQ's indexed Select, whose int index overflows past 2^31 records in a partition.
    private static IEnumerable<(T Item, long Id)> UniqueIds(IEnumerable<T> items, long first, long step)
    {
        var id = first;
        foreach (var item in items)
        {
            yield return (item, id);
            id += step;
        }
    }

    private static IEnumerable<(T, TOther)> ZipRecords<TOther>(IEnumerable<T> left, IEnumerable<TOther> right)
    {
        using var leftItems = left.GetEnumerator();
        using var rightItems = right.GetEnumerator();
        while (true)
        {
            var hasLeft = leftItems.MoveNext();
            if (hasLeft != rightItems.MoveNext())
            {
                throw new InvalidOperationException("Can only zip RDDs with same number of elements in each partition.");
            }
            if (!hasLeft)
            {
                yield break;
            }
            yield return (leftItems.Current, rightItems.Current);
        }
    }
}

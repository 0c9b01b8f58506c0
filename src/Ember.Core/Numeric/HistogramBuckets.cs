using Ember.Ordering;

namespace Ember.Numeric;

/// <summary>
/// Finds the bucket of a value as Spark's DoubleRDDFunctions.histogram does: every bucket is open on the right except
/// the last, which is closed; values outside the buckets (and NaN, unless the last boundary is NaN) count nowhere.
/// </summary>
internal sealed class HistogramBuckets
{
    private readonly double[] boundaries;
    private readonly bool even;

    private HistogramBuckets(double[] boundaries, bool even)
    {
        this.boundaries = boundaries;
        this.even = even;
    }

    /// <summary>The number of buckets: one fewer than the boundaries.</summary>
    public int Count => boundaries.Length - 1;

    /// <summary>
    /// Buckets between user-given <paramref name="boundaries"/>: at least two, strictly increasing in Java's order of
    /// doubles (-0.0 before 0.0, NaN after positive infinity), which Spark requires but does not check.
    /// </summary>
    public static HistogramBuckets Given(IReadOnlyList<double> boundaries, bool evenBuckets)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        if (boundaries.Count < 2)
        {
            throw new ArgumentException($"The buckets must have at least two boundaries; {boundaries.Count} given.", nameof(boundaries));
        }
        for (var i = 1; i < boundaries.Count; i++)
        {
            if (JavaFloatingOrder.Compare(boundaries[i - 1], boundaries[i]) >= 0)
            {
                throw new ArgumentException(
                    $"The bucket boundaries must be sorted with no duplicates; {boundaries[i - 1]} comes before {boundaries[i]}.", nameof(boundaries));
            }
        }
        return new HistogramBuckets([.. boundaries], evenBuckets);
    }

    /// <summary>
    /// <paramref name="count"/> evenly spaced buckets from <paramref name="min"/> to <paramref name="max"/>, computed
    /// as Spark (<c>min + (i * span) / count</c>, then <paramref name="max"/> itself); one bucket [min, min] when
    /// they are equal.
    /// </summary>
    public static HistogramBuckets Spanning(double min, double max, int count)
    {
        if (min == max)
        {
            return new HistogramBuckets([min, min], even: true);
        }
        var span = max - min;
        var boundaries = new double[count + 1];
        for (var i = 0; i < count; i++)
        {
            boundaries[i] = min + (i * span / count);
        }
        boundaries[count] = max;
        return new HistogramBuckets(boundaries, even: true);
    }

    /// <summary>The boundaries, first to last.</summary>
    public IReadOnlyList<double> Boundaries => boundaries;

    /// <summary>The index of the bucket that holds <paramref name="value"/>, or -1 when none does.</summary>
    public int IndexOf(double value) => even ? EvenIndexOf(value) : SearchedIndexOf(value);

    // Spark's constant-time rule for evenly spaced buckets. The double-to-int cast saturates and maps NaN to 0, as
    // Java's does, so a degenerate range (min == max) puts every value equal to it in bucket 0.
    private int EvenIndexOf(double value)
    {
        var (min, max) = (boundaries[0], boundaries[^1]);
        if (double.IsNaN(value) || value < min || value > max)
        {
            return -1;
        }
        var bucket = (int)((value - min) / (max - min) * Count);
        return Math.Min(bucket, Count - 1);
    }

    // Spark's binary search (java.util.Arrays.binarySearch, so Java's order of doubles): an exact hit on the last
    // boundary belongs to the last bucket, which is closed.
    private int SearchedIndexOf(double value)
    {
        var (low, high) = (0, boundaries.Length - 1);
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = JavaFloatingOrder.Compare(boundaries[middle], value);
            if (order < 0)
            {
                low = middle + 1;
            }
            else if (order > 0)
            {
                high = middle - 1;
            }
            else
            {
                return Math.Min(middle, Count - 1);
            }
        }
        // Not a boundary: low is where it would be inserted; before the first or after the last is outside.
        return low > 0 && low < boundaries.Length ? low - 1 : -1;
    }
}

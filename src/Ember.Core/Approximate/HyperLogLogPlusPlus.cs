using System.Numerics;

namespace Ember.Approximate;

/// <summary>
/// A HyperLogLog++ sketch of the distinct 64-bit hashes offered to it (Heule, Nunkesser and Hall, 2013, the
/// algorithm behind Spark's countApproxDistinct): 2^p one-byte registers with HLL++'s bias correction and linear
/// counting for small cardinalities. It starts in HLL++'s sparse representation (precision 25, a sorted list of
/// register updates), nearly exact for small sets, and turns dense once that list outgrows twice the registers' size.
/// Sketches of the same precision merge losslessly. Not thread-safe.
/// </summary>
internal sealed class HyperLogLogPlusPlus
{
    /// <summary>The sparse representation's precision (the paper's p').</summary>
    public const int SparsePrecision = 25;

    // A sparse entry is (index at precision 25) << RhoBits | rho of the bits after it; rho is at most 40.
    private const int RhoBits = 6;

    private const int MinPrecision = 4;

    private const int MaxPrecision = 30;

    // The fields are the whole state: the serializer copies a sketch field by field when a shuffle keeps it.
    private int precision;
    private byte[]? registers;
    private uint[] sparse = [];
    private uint[] pending = [];
    private int pendingCount;

    /// <summary>An empty sketch with 2^<paramref name="precision"/> registers (4 to 30).</summary>
    public HyperLogLogPlusPlus(int precision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, MinPrecision);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, MaxPrecision);
        this.precision = precision;
        if (precision >= SparsePrecision)
        {
            registers = new byte[1 << precision];
        }
    }

    private int RegisterCount => 1 << precision;

    // Sparse until its 4-byte entries would take twice the registers' memory, or 1 KiB for small precisions: sets up
    // to that size are counted almost exactly (linear counting over 2^25 buckets).
    private int SparseLimit => Math.Max(RegisterCount / 2, 256);

    /// <summary>
    /// Spark's precision for a relative standard deviation: <c>p = ceil(2 * log2(1.054 / relativeSD))</c>, at least 4,
    /// since HLL's error is about 1.04 / sqrt(2^p).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="relativeSD"/> is not above Spark's minimum, 0.000017, or so small that the registers could not
    /// be allocated (p above 30, below about 0.0000322).
    /// </exception>
    public static int PrecisionFor(double relativeSD)
    {
        if (!(relativeSD > 0.000017))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeSD), relativeSD, "The relative accuracy must be greater than 0.000017.");
        }
        var p = Math.Max(MinPrecision, (int)Math.Ceiling(2.0 * Math.Log(1.054 / relativeSD) / Math.Log(2)));
        if (p > MaxPrecision)
        {
            throw new ArgumentOutOfRangeException(nameof(relativeSD), relativeSD,
                $"A relative accuracy of {relativeSD} needs 2^{p} registers; the smallest this sketch supports is about 0.0000322 (2^{MaxPrecision}).");
        }
        return p;
    }

    /// <summary>Adds one hash and returns this sketch.</summary>
    public HyperLogLogPlusPlus Offer(ulong hash)
    {
        if (registers is not null)
        {
            Raise(registers, (int)(hash >> (64 - precision)), RunLength(hash, precision));
            return this;
        }
        var index = (uint)(hash >> (64 - SparsePrecision));
        Append((index << RhoBits) | (uint)RunLength(hash, SparsePrecision));
        return this;
    }

    /// <summary>
    /// Adds what <paramref name="other"/> has seen and returns this sketch. <paramref name="other"/> is only read: a
    /// shuffle keeps map outputs as live objects that later jobs, possibly concurrent ones, merge again.
    /// </summary>
    public HyperLogLogPlusPlus Merge(HyperLogLogPlusPlus other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.precision != precision)
        {
            throw new ArgumentException($"Cannot merge a sketch of precision {other.precision} into one of precision {precision}.", nameof(other));
        }
        if (ReferenceEquals(other, this))
        {
            return this;
        }
        if (other.registers is null)
        {
            var entries = other.SortedEntries();
            // Sorting this sketch's pending entries in may turn it dense, so that comes before choosing the path.
            Flush();
            if (registers is null)
            {
                sparse = MergeSorted(sparse, sparse.Length, entries, entries.Length);
                ConvertIfLarge();
            }
            else
            {
                ApplyEntries(registers, entries);
            }
            return this;
        }
        var own = registers ?? ToDense();
        for (var i = 0; i < own.Length; i++)
        {
            own[i] = Math.Max(own[i], other.registers[i]);
        }
        return this;
    }

    /// <summary>The estimated number of distinct hashes offered, rounded as Spark (half up).</summary>
    public long Estimate()
    {
        // Sorting the pending entries in may turn the sketch dense, so it comes first.
        Flush();
        if (registers is null)
        {
            const double buckets = 1 << SparsePrecision;
            return Round(LinearCounting(buckets, buckets - sparse.Length));
        }
        var m = (double)RegisterCount;
        var (sum, zeros) = (0.0, 0);
        foreach (var register in registers)
        {
            sum += HyperLogLogBias.InversePowers[register];
            zeros += register == 0 ? 1 : 0;
        }
        var raw = HyperLogLogBias.Alpha(precision) * m * m / sum;
        var corrected = raw <= 5 * m ? raw - HyperLogLogBias.Of(precision, raw) : raw;
        var linear = zeros > 0 ? LinearCounting(m, zeros) : corrected;
        var useLinear = HyperLogLogBias.LinearCountingThreshold(precision) is { } threshold ? linear < threshold : raw <= 5 * m;
        return Round(useLinear ? linear : corrected);
    }

    /// <summary>HLL's run length: one more than the leading zeros of the bits after the index, capped by a guard bit.</summary>
    private static int RunLength(ulong hash, int indexBits) => BitOperations.LeadingZeroCount((hash << indexBits) | (1UL << (indexBits - 1))) + 1;

    private static void Raise(byte[] registers, int index, int runLength)
    {
        if (runLength > registers[index])
        {
            registers[index] = (byte)runLength;
        }
    }

    private static double LinearCounting(double buckets, double empty) => buckets * Math.Log(buckets / empty);

    private static long Round(double estimate) => (long)Math.Floor(estimate + 0.5);

    private void Append(uint entry)
    {
        if (pendingCount == pending.Length)
        {
            Flush();
            if (registers is not null)
            {
                ApplyEntries(registers, [entry]);
                return;
            }
            if (pending.Length < Math.Max(16, sparse.Length / 4))
            {
                pending = new uint[Math.Max(16, sparse.Length / 4)];
            }
        }
        pending[pendingCount++] = entry;
    }

    /// <summary>The sparse entries with the pending ones sorted in, leaving this sketch as it is.</summary>
    private uint[] SortedEntries()
    {
        if (pendingCount == 0)
        {
            return sparse;
        }
        var sorted = pending[..pendingCount];
        Array.Sort(sorted);
        return MergeSorted(sparse, sparse.Length, sorted, sorted.Length);
    }

    /// <summary>Sorts the pending entries into the sparse list (keeping the largest run length per index), then
    /// turns dense if the list grew too long.</summary>
    private void Flush()
    {
        if (pendingCount == 0)
        {
            return;
        }
        sparse = SortedEntries();
        pendingCount = 0;
        ConvertIfLarge();
    }

    private void ConvertIfLarge()
    {
        if (sparse.Length > SparseLimit)
        {
            ToDense();
        }
    }

    // Reads the pending entries directly rather than through Flush, which may itself turn the sketch dense.
    private byte[] ToDense()
    {
        var dense = new byte[RegisterCount];
        ApplyEntries(dense, sparse);
        ApplyEntries(dense, pending.AsSpan(0, pendingCount));
        (registers, sparse, pending, pendingCount) = (dense, [], [], 0);
        return dense;
    }

    /// <summary>
    /// Raises registers from sparse entries: an entry's index at this precision is the top bits of its 25-bit index,
    /// and its run length counts the remaining index bits first, then, if they are all zero, the entry's own run.
    /// </summary>
    private void ApplyEntries(byte[] dense, ReadOnlySpan<uint> entries)
    {
        var extraBits = SparsePrecision - precision;
        var extraMask = (1u << extraBits) - 1;
        foreach (var entry in entries)
        {
            var index = entry >> RhoBits;
            var extra = index & extraMask;
            var runLength = extra != 0
                ? BitOperations.LeadingZeroCount(extra) - (32 - extraBits) + 1
                : extraBits + (int)(entry & ((1u << RhoBits) - 1));
            Raise(dense, (int)(index >> extraBits), runLength);
        }
    }

    /// <summary>Merges two sorted entry lists, one entry per index: the largest, which has the longest run.</summary>
    private static uint[] MergeSorted(uint[] left, int leftCount, uint[] right, int rightCount)
    {
        var merged = new List<uint>(leftCount + rightCount);
        var (i, j) = (0, 0);
        while (i < leftCount || j < rightCount)
        {
            var next = j >= rightCount || (i < leftCount && left[i] <= right[j]) ? left[i++] : right[j++];
            if (merged.Count > 0 && merged[^1] >> RhoBits == next >> RhoBits)
            {
                merged[^1] = Math.Max(merged[^1], next);
            }
            else
            {
                merged.Add(next);
            }
        }
        return [.. merged];
    }
}

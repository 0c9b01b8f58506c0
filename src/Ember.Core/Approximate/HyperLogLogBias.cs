using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ember.Approximate;

/// <summary>
/// HLL++'s corrections of the raw HyperLogLog estimate at small cardinalities: the empirical bias, subtracted
/// when the raw estimate is at most 5m (m registers), and the cardinality below which linear counting is used.
/// </summary>
/// <remarks>
/// The paper publishes its bias data for its own hash; this class derives the same data the paper's way, for
/// uniformly distributed 64-bit hashes (which <see cref="Partitioning.StableHash64"/> gives): for each precision,
/// many simulated sketches (a fixed-seed generator, so every process derives identical tables) record the mean raw
/// estimate at 200 cardinalities from 0 to 5.5m; the bias at a raw estimate is the mean bias of the 6 recorded
/// estimates nearest to it, as in the paper. A table is built on first use of its precision, once per process, by
/// whichever thread asks first while the others wait (<see cref="Lazy{T}"/>'s default mode): 0.1 to 0.5 s for most
/// precisions, about 1 s at 18. The generator is integer arithmetic and the sums IEEE double operations in a fixed
/// order (no fused multiply-add), so the tables are bit for bit the same on every machine, which a test pins. Above
/// precision 18, as in Spark and the paper, no bias correction is applied and linear counting is used while the raw
/// estimate is at most 5m.
/// </remarks>
internal static class HyperLogLogBias
{
    private const int MinPrecision = 4;
    private const int MaxPrecision = 18;
    private const int Points = 200;
    private const int Neighbors = 6;

    // Simulated insertions per precision (at least 8 runs): the mean estimates then vary by under 0.1%.
    private const long InsertionBudget = 1L << 22;

    // The paper's empirically chosen cardinalities below which linear counting beats the bias-corrected estimate,
    // for precisions 4 to 18 (also used by Spark).
    private static readonly double[] Thresholds = [10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000, 120000, 350000];

    private static readonly Lazy<(double[] Estimates, double[] Biases)>[] Tables =
        [.. Enumerable.Range(MinPrecision, MaxPrecision - MinPrecision + 1).Select(p => new Lazy<(double[], double[])>(() => Simulate(p)))];

    /// <summary>2^-r for every run length r a register can hold.</summary>
    public static readonly double[] InversePowers = [.. Enumerable.Range(0, 66).Select(r => Math.ScaleB(1.0, -r))];

    /// <summary>HLL's constant α·(correction) for 2^<paramref name="precision"/> registers.</summary>
    public static double Alpha(int precision) => precision switch
    {
        4 => 0.673,
        5 => 0.697,
        6 => 0.709,
        _ => 0.7213 / (1 + (1.079 / (1 << precision))),
    };

    /// <summary>The cardinality below which linear counting is used, or null above precision 18 (then: raw estimate at most 5m).</summary>
    public static double? LinearCountingThreshold(int precision) => precision <= MaxPrecision ? Thresholds[precision - MinPrecision] : null;

    /// <summary>The expected bias of <paramref name="rawEstimate"/> at <paramref name="precision"/>; 0 above precision 18.</summary>
    public static double Of(int precision, double rawEstimate)
    {
        if (precision > MaxPrecision)
        {
            return 0;
        }
        var (estimates, biases) = Tables[precision - MinPrecision].Value;
        // The estimates grow with the cardinality, so the nearest ones lie around the insertion point.
        var at = Array.BinarySearch(estimates, rawEstimate);
        var (low, high) = (at >= 0 ? at : ~at, at >= 0 ? at : ~at);
        var total = 0.0;
        for (var taken = 0; taken < Neighbors; taken++)
        {
            var takeLow = high >= estimates.Length || (low > 0 && rawEstimate - estimates[low - 1] <= estimates[high] - rawEstimate);
            total += takeLow ? biases[--low] : biases[high++];
        }
        return total / Neighbors;
    }

    // Runs once per precision, straight to optimized code: its loops are the whole cost.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double[] Estimates, double[] Biases) Simulate(int precision)
    {
        var m = 1 << precision;
        var alphaMM = Alpha(precision) * m * m;
        var cardinalities = Enumerable.Range(0, Points).Select(i => (long)Math.Round(i * 5.5 * m / (Points - 1))).ToArray();
        var runs = (int)Math.Clamp(InsertionBudget / cardinalities[^1], 8, 20_000);
        var estimateSums = new double[Points];
        var registers = new byte[m];
        var powers = InversePowers;
        var state = (ulong)precision;
        for (var run = 0; run < runs; run++)
        {
            Array.Clear(registers);
            // Maintained incrementally: the sum of 2^-register over all registers (all zero at first).
            var sum = (double)m;
            var inserted = 0L;
            for (var point = 0; point < Points; point++)
            {
                for (; inserted < cardinalities[point]; inserted++)
                {
                    var hash = SplitMix64(ref state);
                    var index = (int)(hash >> (64 - precision));
                    var runLength = BitOperations.LeadingZeroCount((hash << precision) | (1UL << (precision - 1))) + 1;
                    var current = registers[index];
                    if (runLength > current)
                    {
                        sum += powers[runLength] - powers[current];
                        registers[index] = (byte)runLength;
                    }
                }
                estimateSums[point] += alphaMM / sum;
            }
        }
        var estimates = estimateSums.Select(total => total / runs).ToArray();
        var biases = estimates.Select((estimate, point) => estimate - cardinalities[point]).ToArray();
        return (estimates, biases);
    }

    /// <summary>Steele, Lea and Flood's SplitMix64: uniform 64-bit values in a sequence fixed by the seed.</summary>
    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9e3779b97f4a7c15UL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        return z ^ (z >> 31);
    }
}

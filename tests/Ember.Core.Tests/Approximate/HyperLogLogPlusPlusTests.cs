using Ember.Approximate;
using Ember.Partitioning;
using Ember.Serialization;

namespace Ember.Tests.Approximate;

/// <summary>The HyperLogLog++ sketch: Spark's precision rule, accuracy across cardinalities, lossless merges, serialization.</summary>
public sealed class HyperLogLogPlusPlusTests
{
    [Theory]
    [InlineData(0.05, 9)]
    [InlineData(0.01, 14)]
    [InlineData(0.02, 12)]
    [InlineData(0.5, 4)]
    [InlineData(0.00103, 20)]
    public void PrecisionFor_RelativeSD_SparksFormula(double relativeSD, int precision)
    {
        Assert.Equal(precision, HyperLogLogPlusPlus.PrecisionFor(relativeSD));
    }

    [Theory]
    [InlineData(0.000017)]
    [InlineData(0.00002)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void PrecisionFor_TooSmallOrInvalid_Throws(double relativeSD)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HyperLogLogPlusPlus.PrecisionFor(relativeSD));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(14)]
    public void Estimate_TinySets_Exact(int precision)
    {
        var sketch = new HyperLogLogPlusPlus(precision);
        for (var n = 0; n <= 60; n++)
        {
            Assert.Equal(n, sketch.Estimate());
            sketch.Offer(StableHash64.Of(n)).Offer(StableHash64.Of(n));
        }
    }

    [Theory]
    [InlineData(9, 1_000)]
    [InlineData(9, 2_000)]
    [InlineData(9, 10_000)]
    [InlineData(9, 100_000)]
    [InlineData(12, 5_000)]
    [InlineData(14, 10_000)]
    [InlineData(14, 50_000)]
    [InlineData(14, 100_000)]
    [InlineData(16, 200_000)]
    public void Estimate_ManyDistinct_WithinThreeStandardErrors(int precision, int count)
    {
        var sketch = new HyperLogLogPlusPlus(precision);
        for (var i = 0; i < count; i++)
        {
            sketch.Offer(StableHash64.Of($"item-{i}"));
        }

        var error = Math.Abs(sketch.Estimate() - count) / (double)count;

        Assert.True(error < 3 * 1.04 / Math.Sqrt(1 << precision), $"Relative error {error:P2} at {count} with p = {precision}.");
    }

    [Fact]
    public void Estimate_AcrossTheBiasCorrectedRange_ErrorStaysSmall()
    {
        // p = 9: linear counting below 400, bias correction up to 5m = 2560, raw HLL above; each range checked.
        var sketch = new HyperLogLogPlusPlus(9);
        var worst = 0.0;
        for (var i = 1; i <= 4000; i++)
        {
            sketch.Offer(StableHash64.Of((long)i * 7919));
            if (i % 50 == 0)
            {
                worst = Math.Max(worst, Math.Abs(sketch.Estimate() - i) / (double)i);
            }
        }

        Assert.True(worst < 0.12, $"Worst relative error {worst:P2}.");
    }

    [Theory]
    [InlineData(100, 100)]
    [InlineData(100, 5_000)]
    [InlineData(5_000, 100)]
    [InlineData(5_000, 5_000)]
    public void Merge_SparseAndDenseSketches_SameEstimateAsOneSketchOfBoth(int leftCount, int rightCount)
    {
        var (left, right, both) = (new HyperLogLogPlusPlus(9), new HyperLogLogPlusPlus(9), new HyperLogLogPlusPlus(9));
        for (var i = 0; i < leftCount; i++)
        {
            left.Offer(StableHash64.Of(i));
            both.Offer(StableHash64.Of(i));
        }
        for (var i = 0; i < rightCount; i++)
        {
            right.Offer(StableHash64.Of(i + 1_000_000));
            both.Offer(StableHash64.Of(i + 1_000_000));
        }
        var rightAlone = right.Estimate();

        Assert.Equal(both.Estimate(), left.Merge(right).Estimate());
        Assert.Equal(rightAlone, right.Estimate());
        Assert.Equal(both.Estimate(), left.Merge(left).Estimate());
    }

    [Theory]
    [InlineData(240)]
    [InlineData(250)]
    [InlineData(256)]
    [InlineData(300)]
    public void Merge_IntoSparseSketchThatTurnsDenseOnFlush_KeepsTheOtherSketch(int leftCount)
    {
        // p = 9 turns dense past 256 sparse entries; entries not yet sorted in may tip it over during the merge itself.
        var (left, right, both) = (new HyperLogLogPlusPlus(9), new HyperLogLogPlusPlus(9), new HyperLogLogPlusPlus(9));
        for (var i = 0; i < leftCount; i++)
        {
            left.Offer(StableHash64.Of(i));
            both.Offer(StableHash64.Of(i));
        }
        for (var i = 0; i < 100; i++)
        {
            right.Offer(StableHash64.Of(i + 1_000_000));
            both.Offer(StableHash64.Of(i + 1_000_000));
        }

        Assert.Equal(both.Estimate(), left.Merge(right).Estimate());
    }

    [Fact]
    public void Merge_OneSketchIntoManyAtOnce_ReadsItWithoutChangingIt()
    {
        // A shuffle's map output may be merged by several reduce tasks of concurrent jobs at the same time.
        var shared = new HyperLogLogPlusPlus(9);
        for (var i = 0; i < 200; i++)
        {
            shared.Offer(StableHash64.Of(i));
        }
        var targets = Enumerable.Range(0, 16).Select(_ => new HyperLogLogPlusPlus(9)).ToArray();

        Parallel.ForEach(targets, new ParallelOptions { MaxDegreeOfParallelism = 4 }, target =>
        {
            for (var round = 0; round < 50; round++)
            {
                target.Merge(shared);
            }
        });

        Assert.All(targets, target => Assert.Equal(200, target.Estimate()));
        Assert.Equal(200, shared.Estimate());
    }

    [Fact]
    public void Merge_DifferentPrecisions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new HyperLogLogPlusPlus(9).Merge(new HyperLogLogPlusPlus(10)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(3_000)]
    public void Serializer_RoundTrip_SameEstimateAndStillUsable(int count)
    {
        var sketch = new HyperLogLogPlusPlus(10);
        for (var i = 0; i < count; i++)
        {
            sketch.Offer(StableHash64.Of(i));
        }

        var copy = MessagePackEmberSerializer.Default.Deserialize<HyperLogLogPlusPlus>(MessagePackEmberSerializer.Default.Serialize(sketch));

        Assert.Equal(sketch.Estimate(), copy.Estimate());
        copy.Offer(StableHash64.Of(-1));
        Assert.Equal(sketch.Offer(StableHash64.Of(-1)).Estimate(), copy.Estimate());
    }

    [Fact]
    public void StableHash64_EqualValues_EqualHashes()
    {
        Assert.Equal(StableHash64.Of(0.0), StableHash64.Of(-0.0));
        Assert.Equal(StableHash64.Of(double.NaN), StableHash64.Of(BitConverter.Int64BitsToDouble(0x7ff8000000000001)));
        Assert.Equal(StableHash64.Of(("a", 1)), StableHash64.Of(("a", 1)));
        Assert.Equal(StableHash64.Of<object>("a"), StableHash64.Of<object>("a"));
        Assert.NotEqual(StableHash64.Of(1L) >> 32, StableHash64.Of(2L) >> 32);
        // A string's lower half is its 32-bit stable hash; the empty string is told apart from null in the top bits.
        Assert.Equal((uint)StableHash.Of("spark"), (uint)StableHash64.Of("spark"));
        Assert.NotEqual(0UL, StableHash64.Of("") >> 32);
    }
}

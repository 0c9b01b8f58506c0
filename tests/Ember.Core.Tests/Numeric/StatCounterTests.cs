using FsCheck;
using FsCheck.Xunit;

namespace Ember.Tests.Numeric;

/// <summary>StatCounter: Welford's update and Chan's merge give the statistics of all values, however they are split.</summary>
public sealed class StatCounterTests
{
    [Property(MaxTest = 100)]
    public void Merge_AnySplit_SameAsOneCounterOverAllValues(NormalFloat[] values, NonNegativeInt split)
    {
        var all = values.Select(v => v.Get).ToArray();
        var at = all.Length == 0 ? 0 : split.Get % (all.Length + 1);

        var merged = new StatCounter(all[..at]).Merge(new StatCounter(all[at..]));
        var whole = new StatCounter(all);

        Assert.Equal(whole.Count, merged.Count);
        AssertClose(whole.Mean, merged.Mean);
        AssertClose(whole.Variance, merged.Variance);
        Assert.Equal(whole.Max, merged.Max);
        Assert.Equal(whole.Min, merged.Min);
    }

    [Fact]
    public void Merge_Itself_CountsEveryValueTwice()
    {
        var counter = new StatCounter([1.0, 2.0, 3.0]);

        counter.Merge(counter);

        Assert.Equal(6, counter.Count);
        Assert.Equal(2.0, counter.Mean);
        Assert.Equal(12.0, counter.Sum);
        Assert.Equal(2.0 / 3.0, counter.Variance, 15);
    }

    [Fact]
    public void Copy_LaterMerges_LeaveTheOriginalUnchanged()
    {
        var original = new StatCounter([1.0, 5.0]);

        var copy = original.Copy().Merge(100.0);

        Assert.Equal(2, original.Count);
        Assert.Equal(5.0, original.Max);
        Assert.Equal(3, copy.Count);
        Assert.Equal(100.0, copy.Max);
    }

    [Fact]
    public void Merge_IntoEmpty_TakesTheOthersStatistics()
    {
        var other = new StatCounter([2.0, 4.0]);

        var merged = new StatCounter().Merge(other).Merge(new StatCounter());

        Assert.Equal("(count: 2, mean: 3.000000, stdev: 1.000000, max: 4.000000, min: 2.000000)", merged.ToString());
        Assert.Equal(2.0, merged.SampleVariance);
        Assert.Equal(1.0, merged.PopVariance);
        Assert.Equal(1.0, merged.PopStdev);
    }

    [Fact]
    public void ToString_NoValues_SparksRendering()
    {
        Assert.Equal("(count: 0, mean: 0.000000, stdev: NaN, max: -Infinity, min: Infinity)", new StatCounter().ToString());
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(
            expected.Equals(actual) || Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)),
            $"Expected {expected}, got {actual}.");
}

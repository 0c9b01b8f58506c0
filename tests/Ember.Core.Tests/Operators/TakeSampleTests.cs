using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>TakeSample: exactly the size asked for (or all records), distinct records without replacement, repeatable by seed.</summary>
public class TakeSampleTests : BackendTests
{
    public static TheoryData<int, int, int> ShapesAndSizes => ShapeGrid.With(0, 1, 3, 50, 1000);

    [Theory]
    [MemberData(nameof(ShapesAndSizes))]
    public void TakeSample_WithoutReplacement_DistinctRecordsOfTheRdd(int count, int partitions, int size)
    {
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(Enumerable.Range(0, count), partitions);

        var sample = rdd.TakeSample(false, size, seed: count + size);

        Assert.Equal(Math.Min(size, count), sample.Count);
        Assert.Equal(sample.Count, sample.Distinct().Count());
        Assert.All(sample, item => Assert.InRange(item, 0, count - 1));
    }

    [Theory]
    [MemberData(nameof(ShapesAndSizes))]
    public void TakeSample_WithReplacement_ExactlyTheSizeAskedFor(int count, int partitions, int size)
    {
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(Enumerable.Range(0, count), partitions);

        var sample = rdd.TakeSample(true, size, seed: count * size);

        Assert.Equal(count == 0 ? 0 : size, sample.Count);
        Assert.All(sample, item => Assert.InRange(item, 0, count - 1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TakeSample_SameSeed_SameSample(bool withReplacement)
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var rdd = context.Parallelize(Enumerable.Range(0, 500), 7);

        var first = rdd.TakeSample(withReplacement, 20, seed: 42);

        Assert.Equal(first, await rdd.TakeSampleAsync(withReplacement, 20, seed: 42));
        Assert.NotEqual(first, rdd.TakeSample(withReplacement, 20, seed: 43));
    }

    [Fact]
    public void TakeSample_ManySeeds_EveryRecordCanBeChosenInAnyPosition()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize(Enumerable.Range(0, 50), 3);

        var samples = Enumerable.Range(0, 200).Select(seed => rdd.TakeSample(false, 10, seed)).ToList();

        Assert.Equal(Enumerable.Range(0, 50), samples.SelectMany(sample => sample).Distinct().Order());
        // Shuffled, not in partition order: the first pick is not always the smallest.
        Assert.Contains(samples, sample => sample[0] != sample.Min());
    }

    [Fact]
    public void TakeSample_WholeRddWithoutReplacement_APermutation()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var sample = context.Parallelize(Enumerable.Range(0, 30), 3).TakeSample(false, 100, seed: 5);

        Assert.Equal(Enumerable.Range(0, 30), sample.Order());
        Assert.NotEqual(Enumerable.Range(0, 30), sample);
    }

    [Fact]
    public void TakeSample_NegativeSize_Throws()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });

        Assert.Throws<ArgumentOutOfRangeException>(() => context.Parallelize([1], 1).TakeSample(false, -1));
    }

    [Property(MaxTest = 30)]
    public void TakeSample_AnyInts_SubMultisetOfTheInput(int[] items, PositiveInt partitions, NonNegativeInt size, int seed)
    {
        var context = Context(RandomInputs.Options(2));
        var wanted = size.Get % 40;

        var sample = context.Parallelize(items, RandomInputs.Partitions(partitions)).TakeSample(false, wanted, seed);

        Assert.Equal(Math.Min(wanted, items.Length), sample.Count);
        Assert.All(sample.GroupBy(item => item), group => Assert.True(group.Count() <= items.Count(item => item == group.Key)));
    }
}

using Ember.Rdds;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>
/// Repartition and Coalesce(shuffle: true) balance their output as Spark's do (cases from Spark's RDDSuite
/// "repartitioned RDDs perform load balancing"), with Spark's seeded random starts.
/// </summary>
public class RepartitionTests : BackendTests
{
    [Theory]
    [InlineData(100, 10, 20)]
    [InlineData(20_000, 20, 100)]
    [InlineData(1000, 250, 128)]
    [InlineData(1000, 10, 2)]
    public void Repartition_SplitOrMerge_NoPartitionEmptyOrOverloaded(int records, int initialPartitions, int finalPartitions)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var input = Enumerable.Range(0, records).ToArray();

        var repartitioned = context.Parallelize(input, initialPartitions).Repartition(finalPartitions);
        var partitions = repartitioned.Glom().Collect();

        Assert.Equal(finalPartitions, repartitioned.Partitions.Count);
        Assert.Equal(input, partitions.SelectMany(partition => partition).Order());
        // Spark's bound: no output is empty, none holds more than the average plus one record per input partition.
        var maxPossible = records / finalPartitions + initialPartitions;
        Assert.All(partitions, partition => Assert.InRange(partition.Length, 1, maxPossible));
    }

    [Fact]
    public void Repartition_HundredFromTenIntoTwenty_SpreadEvenly()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var sizes = context.Parallelize(Enumerable.Range(0, 100), 10).Repartition(20).Glom().Map(partition => partition.Length).Collect();

        Assert.Equal(100, sizes.Sum());
        Assert.DoesNotContain(0, sizes);
        Assert.InRange(sizes.Max() - sizes.Min(), 0, 6);
    }

    [Fact]
    public void CoalesceWithShuffle_SameInput_SamePlacementEveryRun()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var rdd = context.Parallelize(Enumerable.Range(0, 500), 7);

        var first = rdd.Coalesce(5, shuffle: true).Glom().Map(partition => partition.Order().ToArray()).Collect();
        var second = rdd.Coalesce(5, shuffle: true).Glom().Map(partition => partition.Order().ToArray()).Collect();

        Assert.Equal(first, second);
        Assert.Equal(5, first.Count);
    }

    [Theory]
    [InlineData(1L, new[] { 0.6363787615254752, 0.5993846534021868, 0.134842710012538, 0.07684163905460906, 0.8539211111755448 })]
    [InlineData(24L, new[] { 0.3943255396952755, 0.48619924381941027, 0.2923951640552428, 0.33335316633280176, 0.3981939745854918 })]
    public void XorShiftRandom_Seeded_SparksNumbers(long seed, double[] spark)
    {
        // Spark's XORShiftRandom(seed).nextDouble(), as spark-shell prints them.
        var random = new XorShiftRandom(seed);

        var ours = spark.Select(_ => random.NextDouble()).ToArray();

        Assert.Equal(spark, ours);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(1)]
    public void XorShiftRandom_NextInt_StaysBelowTheBound(int bound)
    {
        var random = new XorShiftRandom(42);

        var draws = Enumerable.Range(0, 1000).Select(_ => random.NextInt(bound)).ToArray();

        Assert.All(draws, draw => Assert.InRange(draw, 0, bound - 1));
        Assert.Equal(bound, draws.Distinct().Count());
    }
}

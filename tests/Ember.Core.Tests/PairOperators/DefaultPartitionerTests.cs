using Ember.Dependencies;
using Ember.Partitioning;

namespace Ember.Tests.PairOperators;

/// <summary>
/// Spark 2.3+'s default partitioner for CoGroup and the joins (SPARK-22465, cases from Spark's
/// PairRDDFunctionsSuite): an existing partitioner is reused only when it is eligible (within an order of magnitude
/// of the largest input) or at least the default partition count.
/// </summary>
public sealed class DefaultPartitionerTests
{
    [Fact]
    public void CoGroup_PartitionerAnOrderOfMagnitudeSmaller_HashesIntoTheLargestCount()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var large = context.Parallelize(Enumerable.Range(1, 1000).Select(x => (x, x)), 1000);
        var small = context.Parallelize([(1, 1), (1, 2), (2, 1), (3, 1)], 2).PartitionBy(new HashPartitioner(10));

        var grouped = large.CoGroup(small);

        Assert.Equal(new HashPartitioner(1000), grouped.Partitioner);
        Assert.All(grouped.Dependencies, dependency => Assert.IsAssignableFrom<ShuffleDependency>(dependency));
        Assert.Equal(1000, grouped.Count());
    }

    [Fact]
    public void CoGroup_PartitionerOfSimilarSize_Reused()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var large = context.Parallelize(Enumerable.Range(1, 1000).Select(x => (x, x)), 20);
        var small = context.Parallelize([(1, 1), (1, 2), (2, 1), (3, 1)], 2).PartitionBy(new HashPartitioner(10));

        var grouped = large.CoGroup(small);

        Assert.Same(small.Partitioner, grouped.Partitioner);
        Assert.Equal(10, grouped.Partitions.Count);
    }

    [Theory]
    [InlineData(false, 4)]
    [InlineData(true, 10)]
    public void CoGroup_DefaultParallelismSet_ItsCountUnlessAnEligiblePartitionerExists(bool rightPartitioned, int expected)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]", DefaultParallelism = 4 });
        var left = context.Parallelize(Enumerable.Range(1, 1000).Select(x => (x, x)), 20);
        var right = context.Parallelize([(1, 1), (1, 2), (2, 1), (3, 1)], 10);

        var grouped = left.CoGroup(rightPartitioned ? right.PartitionBy(new HashPartitioner(10)) : right);

        Assert.Equal(expected, grouped.Partitions.Count);
    }

    [Fact]
    public void Join_PartitionerNotEligibleButAboveDefaultParallelism_Reused()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]", DefaultParallelism = 4 });
        var left = context.Parallelize(Enumerable.Range(1, 1000).Select(x => (x, x)), 1000);
        var right = context.Parallelize([(1, 1), (1, 2), (2, 1), (3, 1)], 2).PartitionBy(new HashPartitioner(10));

        var joined = left.Join(right);

        Assert.Equal(10, joined.Partitions.Count);
        Assert.Equal([(1, (1, 1)), (1, (1, 2)), (2, (2, 1)), (3, (3, 1))], joined.Collect().Order());
    }

    [Fact]
    public void ReduceByKey_InputPartitioned_KeepsItsPartitionerWithoutShuffle()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]", DefaultParallelism = 50 });
        var partitioned = context.Parallelize([(1, 1), (1, 2), (2, 1)], 2).PartitionBy(new HashPartitioner(3));

        var reduced = partitioned.ReduceByKey((a, b) => a + b);

        Assert.Same(partitioned.Partitioner, reduced.Partitioner);
        Assert.IsType<OneToOneDependency>(Assert.Single(reduced.Dependencies));
    }
}

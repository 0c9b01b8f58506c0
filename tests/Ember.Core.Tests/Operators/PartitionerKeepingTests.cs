using Ember.Dependencies;
using Ember.Partitioning;

namespace Ember.Tests.Operators;

/// <summary>
/// Distinct (Spark 3) and Union with empty RDDs (SPARK-23778) keep a known partitioner, so later key operations need
/// no shuffle; cases from Spark's RDDSuite.
/// </summary>
public sealed class PartitionerKeepingTests
{
    [Fact]
    public void Distinct_KnownPartitionerSameCount_KeepsItWithoutShuffle()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize(Enumerable.Range(1, 100), 10).Map(x => (x % 10, x % 10)).SortByKey();

        var distinct = rdd.Distinct();
        var distinctFive = rdd.Distinct(5);

        Assert.Same(rdd.Partitioner, distinct.Partitioner);
        Assert.IsType<OneToOneDependency>(Assert.Single(distinct.Dependencies));
        Assert.NotEqual(rdd.Partitioner, distinctFive.Partitioner);
        Assert.Equal(Enumerable.Range(0, 10).Select(x => (x, x)), distinct.Collect().Order());
        Assert.Equal(distinct.Collect().Order(), distinctFive.Collect().Order());
    }

    [Fact]
    public void Distinct_HashPartitionedWithDuplicatesAndNulls_EachRecordOnceInItsPartition()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        (string?, int)[] records = [("a", 1), ("a", 1), (null, 2), (null, 2), ("b", 3), ("a", 2), (null, 1)];
        var partitioned = context.Parallelize(records, 3).PartitionBy(new HashPartitioner(4));

        var distinct = partitioned.Distinct(4);

        Assert.Equal(new HashPartitioner(4), distinct.Partitioner);
        Assert.Equal(records.Distinct().Order(), distinct.Collect().Order());
        var placed = distinct.Glom().Collect();
        Assert.All(Enumerable.Range(0, 4), i => Assert.All(placed[i], record => Assert.Equal(i, distinct.Partitioner!.GetPartition(record.Item1))));
    }

    [Fact]
    public void Union_PartitionedWithEmptyRdds_KeepsThePartitioner()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var partitioned = context.Parallelize([(1, 1)], 1).ReduceByKey((a, b) => a + b);
        var empty = context.EmptyRdd<(int, int)>();

        var union = context.Union([empty, partitioned, empty]);

        Assert.Equal(partitioned.Partitioner, union.Partitioner);
        Assert.Equal(partitioned.Partitions.Count, union.Partitions.Count);
        Assert.Equal([(1, 1)], union.Collect());
        Assert.Equal(partitioned.Partitioner, partitioned.Union(empty).Partitioner);
    }

    [Fact]
    public void Union_OnlyEmptyRdds_IsEmpty()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var empty = context.EmptyRdd<(int, int)>();

        var union = context.Union([empty, empty]);

        Assert.Empty(union.Partitions);
        Assert.Empty(union.Collect());
    }
}

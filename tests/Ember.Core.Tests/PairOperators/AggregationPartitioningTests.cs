using Ember.Partitioning;
using static Ember.Tests.PairOperators.PairInputs;

namespace Ember.Tests.PairOperators;

/// <summary>
/// Where every by-key aggregation puts its output: <c>partitions:</c> and <c>partitioner:</c> honoured, never both,
/// and no shuffle when the input is already partitioned the same way. Each operator computes a per-key sum here, so
/// one LINQ reference checks them all.
/// </summary>
public sealed class AggregationPartitioningTests
{
    public static TheoryData<string> Operators =>
        ["ReduceByKey", "GroupByKey", "CombineByKey", "CombineByKeyNoMapSideCombine", "AggregateByKey", "FoldByKey"];

    [Theory]
    [MemberData(nameof(Operators))]
    public void SumByKey_PartitionsGiven_ResultHasThatManyHashPlacedPartitions(string operation)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var records = Ints(Shape.Uniform);

        var sums = SumByKey(operation, context.Parallelize(records, 3), partitions: 7);

        Assert.Equal(7, sums.Partitions.Count);
        Assert.Equal(new HashPartitioner(7), sums.Partitioner);
        AssertPlacedBy(new HashPartitioner(7), sums);
        AssertSameMultiset(ExpectedSums(records), sums.Collect());
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void SumByKey_OnePartitionGiven_EverythingInOnePartition(string operation)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[4]" });
        var records = Ints(Shape.SkewedKeys);

        var sums = SumByKey(operation, context.Parallelize(records, 4), partitions: 1);

        var byPartition = RecordsByPartition(sums);
        Assert.Single(byPartition);
        AssertSameMultiset(ExpectedSums(records), byPartition[0]);
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void SumByKey_PartitionerGiven_ResultPlacedByIt(string operation)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var records = Ints(Shape.Uniform);
        var ranges = new RangePartitioner<int>([-10, 0, 10], Comparer<int>.Default, ascending: true);

        var sums = SumByKey(operation, context.Parallelize(records, 3), partitioner: ranges);

        Assert.Same(ranges, sums.Partitioner);
        Assert.Equal(4, sums.Partitions.Count);
        AssertPlacedBy(ranges, sums);
        AssertSameMultiset(ExpectedSums(records), sums.Collect());
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void SumByKey_PartitionsAndPartitionerBoth_ThrowsArgumentException(string operation)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        var rdd = context.Parallelize(Ints(Shape.MorePartitionsThanItems), 2);

        Assert.Throws<ArgumentException>(() => SumByKey(operation, rdd, partitions: 3, partitioner: new HashPartitioner(3)));
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void SumByKey_AfterPartitionByEqualHashPartitioner_IsNarrowAndCorrect(string operation)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[4]" });
        var records = Ints(Shape.SkewedKeys);
        var partitioned = context.Parallelize(records, 4).PartitionBy(new HashPartitioner(3));

        var byDefault = SumByKey(operation, partitioned);
        var byCount = SumByKey(operation, partitioned, partitions: 3);
        var byPartitioner = SumByKey(operation, partitioned, partitioner: new HashPartitioner(3));

        foreach (var sums in new[] { byDefault, byCount, byPartitioner })
        {
            Assert.Empty(ShufflesSince(sums, partitioned));
            Assert.Equal(new HashPartitioner(3), sums.Partitioner);
            AssertPlacedBy(new HashPartitioner(3), sums);
            AssertSameMultiset(ExpectedSums(records), sums.Collect());
        }
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void SumByKey_AfterPartitionByOtherPartitionCount_ShufflesIntoTheRequestedCount(string operation)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var records = Ints(Shape.Uniform);
        var partitioned = context.Parallelize(records, 2).PartitionBy(new HashPartitioner(3));

        var sums = SumByKey(operation, partitioned, partitions: 5);

        Assert.Single(ShufflesSince(sums, partitioned));
        AssertPlacedBy(new HashPartitioner(5), sums);
        AssertSameMultiset(ExpectedSums(records), sums.Collect());
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void SumByKey_NoPartitionsGiven_KeepsTheParentPartitionCount(string operation)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });

        var sums = SumByKey(operation, context.Parallelize(Ints(Shape.Uniform), 6));

        Assert.Equal(6, sums.Partitions.Count);
    }

    [Fact]
    public void ReduceByKey_DefaultParallelismSet_UsesItWhenNoPartitionsGiven()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]", DefaultParallelism = 3 });

        var sums = context.Parallelize(Ints(Shape.Uniform), 6).ReduceByKey((a, b) => a + b);

        Assert.Equal(3, sums.Partitions.Count);
    }

    private static Rdd<(int Key, long Value)> SumByKey(string operation, Rdd<(int Key, int Value)> rdd, int? partitions = null, IPartitioner? partitioner = null) =>
        operation switch
        {
            "ReduceByKey" => rdd.MapValues(value => (long)value).ReduceByKey((a, b) => a + b, partitions, partitioner),
            "GroupByKey" => rdd.GroupByKey(partitions, partitioner).MapValues(values => values.Sum(value => (long)value)),
            "CombineByKey" => rdd.CombineByKey(value => (long)value, (sum, value) => sum + value, (a, b) => a + b, partitions, partitioner),
            "CombineByKeyNoMapSideCombine" => rdd.CombineByKey(
                value => (long)value, (sum, value) => sum + value, (a, b) => a + b, partitions, partitioner, mapSideCombine: false),
            "AggregateByKey" => rdd.AggregateByKey(0L, (sum, value) => sum + value, (a, b) => a + b, partitions, partitioner),
            "FoldByKey" => rdd.MapValues(value => (long)value).FoldByKey(0L, (a, b) => a + b, partitions, partitioner),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation."),
        };

    private static IEnumerable<(int Key, long Value)> ExpectedSums((int Key, int Value)[] records) =>
        records.GroupBy(r => r.Key, r => (long)r.Value).Select(g => (g.Key, g.Sum()));

    private static void AssertPlacedBy(IPartitioner partitioner, Rdd<(int Key, long Value)> rdd)
    {
        var byPartition = RecordsByPartition(rdd);
        Assert.Equal(partitioner.NumPartitions, byPartition.Count);
        for (var i = 0; i < byPartition.Count; i++)
        {
            Assert.All(byPartition[i], record => Assert.Equal(i, partitioner.GetPartition(record.Key)));
        }
    }
}

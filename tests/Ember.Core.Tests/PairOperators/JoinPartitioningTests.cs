using Ember.Dependencies;
using Ember.Partitioning;
using static Ember.Tests.PairOperators.PairInputs;

namespace Ember.Tests.PairOperators;

/// <summary>
/// Where the joins put their output, and when they shuffle: co-partitioned inputs are read narrowly, a side that is
/// already partitioned is not shuffled again, and <c>partitions:</c> / <c>partitioner:</c> are honoured.
/// </summary>
public sealed class JoinPartitioningTests
{
    public static TheoryData<string> Operators =>
        ["Join", "LeftOuterJoin", "RightOuterJoin", "FullOuterJoin", "CoGroup", "SubtractByKey"];

    [Fact]
    public void CoGroup_CoPartitionedInputs_OnlyNarrowDependencies()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[4]" });
        var (left, right) = (Ints(Shape.SkewedKeys, seed: 1), Ints(Shape.Uniform, seed: 2));
        var partitioner = new HashPartitioner(4);
        var leftRdd = context.Parallelize(left, 3).PartitionBy(partitioner);
        var rightRdd = context.Parallelize(right, 5).PartitionBy(new HashPartitioner(4));

        var groups = leftRdd.CoGroup(rightRdd);

        Assert.Equal(partitioner, groups.Partitioner);
        Assert.Equal(2, groups.Dependencies.Count);
        Assert.All(groups.Dependencies, dependency => Assert.IsType<OneToOneDependency>(dependency));
        AssertSameMultiset(JoinReference.CoGroup(left, right), groups.Collect().Select(g => (g.Key, (Bag(g.Value.Left), Bag(g.Value.Right)))));
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void Joins_CoPartitionedInputs_NoShuffleAfterPartitionByAndCorrect(string operation)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var (left, right) = (Ints(Shape.Uniform, seed: 3), Ints(Shape.Uniform, seed: 4));
        var leftRdd = context.Parallelize(left, 2).PartitionBy(new HashPartitioner(3));
        var rightRdd = context.Parallelize(right, 4).PartitionBy(new HashPartitioner(3));

        var (result, keys) = Apply(operation, leftRdd, rightRdd);

        Assert.Empty(ShufflesSince(result, leftRdd, rightRdd));
        Assert.Equal(new HashPartitioner(3), result.Partitioner);
        AssertPlacedBy(new HashPartitioner(3), keys);
        AssertEqualsReference(operation, left, right, result);
    }

    [Fact]
    public void Join_OneSidePartitioned_UsesItsPartitionerAndShufflesOnlyTheOtherSide()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var (left, right) = (Ints(Shape.Uniform, seed: 5), Ints(Shape.Uniform, seed: 6));
        var leftRdd = context.Parallelize(left, 2).PartitionBy(new HashPartitioner(5));
        var rightRdd = context.Parallelize(right, 3);

        var groups = leftRdd.CoGroup(rightRdd);
        var joined = leftRdd.Join(rightRdd);

        Assert.Equal(new HashPartitioner(5), groups.Partitioner);
        Assert.IsType<OneToOneDependency>(groups.Dependencies[0]);
        Assert.IsAssignableFrom<ShuffleDependency>(groups.Dependencies[1]);
        Assert.Single(ShufflesSince(joined, leftRdd));
        AssertSameMultiset(JoinReference.Join(left, right), joined.Collect());
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void Joins_PartitionsGiven_ResultHasThatManyHashPlacedPartitions(string operation)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var (left, right) = (Ints(Shape.Uniform, seed: 7), Ints(Shape.SkewedKeys, seed: 8));

        var (result, keys) = Apply(operation, context.Parallelize(left, 2), context.Parallelize(right, 3), partitions: 7);

        Assert.Equal(7, result.Partitions.Count);
        AssertPlacedBy(new HashPartitioner(7), keys);
        AssertEqualsReference(operation, left, right, result);
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void Joins_PartitionerGiven_ResultPlacedByIt(string operation)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var (left, right) = (Ints(Shape.Uniform, seed: 9), Ints(Shape.Uniform, seed: 10));
        var ranges = new RangePartitioner<int>([-8, 0, 8], Comparer<int>.Default, ascending: true);

        var (result, keys) = Apply(operation, context.Parallelize(left, 2), context.Parallelize(right, 3), partitioner: ranges);

        Assert.Same(ranges, result.Partitioner);
        AssertPlacedBy(ranges, keys);
        AssertEqualsReference(operation, left, right, result);
    }

    [Theory]
    [MemberData(nameof(Operators))]
    public void Joins_PartitionsAndPartitionerBoth_ThrowsArgumentException(string operation)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        var rdd = context.Parallelize(Ints(Shape.MorePartitionsThanItems), 2);

        Assert.Throws<ArgumentException>(() => Apply(operation, rdd, rdd, partitions: 3, partitioner: new HashPartitioner(3)));
    }

    [Fact]
    public void Joins_NoPartitionsGiven_UseTheLargerInputsPartitionCount()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var left = context.Parallelize(Ints(Shape.Uniform), 2);
        var right = context.Parallelize(Ints(Shape.Uniform, seed: 2), 6);

        Assert.Equal(6, left.Join(right).Partitions.Count);
        Assert.Equal(6, left.CoGroup(right).Partitions.Count);
        Assert.Equal(6, left.FullOuterJoin(right).Partitions.Count);
    }

    [Fact]
    public void SubtractByKey_NoPartitionsGiven_KeepsTheLeftPartitionCount()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var left = context.Parallelize(Ints(Shape.Uniform), 2);
        var right = context.Parallelize(Ints(Shape.Uniform, seed: 2), 6);

        Assert.Equal(2, left.SubtractByKey(right).Partitions.Count);
    }

    /// <summary>The operation's result, and its keys (a narrow view with the same partitions, to check placement).</summary>
    private static (Rdd Result, Rdd<int> Keys) Apply(
        string operation, Rdd<(int Key, int Value)> left, Rdd<(int Key, int Value)> right, int? partitions = null, IPartitioner? partitioner = null)
    {
        return operation switch
        {
            "Join" => With(left.Join(right, partitions, partitioner)),
            "LeftOuterJoin" => With(left.LeftOuterJoin(right, partitions, partitioner)),
            "RightOuterJoin" => With(left.RightOuterJoin(right, partitions, partitioner)),
            "FullOuterJoin" => With(left.FullOuterJoin(right, partitions, partitioner)),
            "CoGroup" => With(left.CoGroup(right, partitions, partitioner)),
            "SubtractByKey" => With(left.SubtractByKey(right, partitions, partitioner)),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation."),
        };

        static (Rdd, Rdd<int>) With<TValue>(Rdd<(int Key, TValue Value)> result) => (result, result.Keys());
    }

    private static void AssertEqualsReference(string operation, (int Key, int Value)[] left, (int Key, int Value)[] right, Rdd result)
    {
        switch (result)
        {
            case Rdd<(int Key, (int Left, int Right) Value)> joined:
                AssertSameMultiset(JoinReference.Join(left, right), joined.Collect());
                break;
            case Rdd<(int Key, (int Left, Option<int> Right) Value)> joined:
                AssertSameMultiset(JoinReference.LeftOuterJoin(left, right), joined.Collect());
                break;
            case Rdd<(int Key, (Option<int> Left, int Right) Value)> joined:
                AssertSameMultiset(JoinReference.RightOuterJoin(left, right), joined.Collect());
                break;
            case Rdd<(int Key, (Option<int> Left, Option<int> Right) Value)> joined:
                AssertSameMultiset(JoinReference.FullOuterJoin(left, right), joined.Collect());
                break;
            case Rdd<(int Key, (IReadOnlyList<int> Left, IReadOnlyList<int> Right) Value)> groups:
                AssertSameMultiset(JoinReference.CoGroup(left, right), groups.Collect().Select(g => (g.Key, (Bag(g.Value.Left), Bag(g.Value.Right)))));
                break;
            case Rdd<(int Key, int Value)> remaining:
                AssertSameMultiset(JoinReference.SubtractByKey(left, right), remaining.Collect());
                break;
            default:
                Assert.Fail($"{operation} returned an unexpected type: {result.GetType()}.");
                break;
        }
    }

    private static void AssertPlacedBy(IPartitioner partitioner, Rdd<int> keys)
    {
        var byPartition = RecordsByPartition(keys);
        Assert.Equal(partitioner.NumPartitions, byPartition.Count);
        for (var i = 0; i < byPartition.Count; i++)
        {
            Assert.All(byPartition[i], key => Assert.Equal(i, partitioner.GetPartition(key)));
        }
    }
}

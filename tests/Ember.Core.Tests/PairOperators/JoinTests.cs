using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.PairOperators;

/// <summary>Join, the outer joins, CoGroup and SubtractByKey, each against its LINQ reference in <see cref="JoinReference"/>.</summary>
public class JoinTests : BackendTests
{
    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void Join_IntKeys_EqualsReference(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var (left, right) = IntSides(shape);

        var joined = Distribute(context, left, shape).Join(Distribute(context, right, shape)).Collect();

        AssertSameMultiset(JoinReference.Join(left, right), joined);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void Join_NullKeys_MatchEachOtherAsInReference(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var (left, right) = (Strings(shape, seed: 1), Strings(shape, seed: 2));

        var joined = Distribute(context, left, shape).Join(Distribute(context, right, shape), partitions: 3).Collect();

        AssertSameMultiset(JoinReference.Join(left, right), joined);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void LeftOuterJoin_IntKeys_EqualsReference(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var (left, right) = IntSides(shape);

        var joined = Distribute(context, left, shape).LeftOuterJoin(Distribute(context, right, shape)).Collect();

        AssertSameMultiset(JoinReference.LeftOuterJoin(left, right), joined);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void RightOuterJoin_IntKeys_EqualsReference(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var (left, right) = IntSides(shape);

        var joined = Distribute(context, left, shape).RightOuterJoin(Distribute(context, right, shape)).Collect();

        AssertSameMultiset(JoinReference.RightOuterJoin(left, right), joined);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void FullOuterJoin_IntKeys_EqualsReference(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var (left, right) = IntSides(shape);

        var joined = Distribute(context, left, shape).FullOuterJoin(Distribute(context, right, shape)).Collect();

        AssertSameMultiset(JoinReference.FullOuterJoin(left, right), joined);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void OuterJoins_NullKeysAndValues_EqualReference(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var (left, right) = (Strings(shape, seed: 3), Strings(shape, seed: 4));
        var leftRdd = Distribute(context, left, shape);
        var rightRdd = context.Parallelize(right, 2);

        AssertSameMultiset(JoinReference.LeftOuterJoin(left, right), leftRdd.LeftOuterJoin(rightRdd).Collect());
        AssertSameMultiset(JoinReference.RightOuterJoin(left, right), leftRdd.RightOuterJoin(rightRdd).Collect());
        AssertSameMultiset(JoinReference.FullOuterJoin(left, right), leftRdd.FullOuterJoin(rightRdd).Collect());
    }

    // The point of Option: a key missing on one side is None, a real 0 on that side is Some(0).
    [Fact]
    public void OuterJoins_IntValues_MissingSideIsNoneAndRealZeroIsSomeZero()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var left = context.Parallelize(new (int Key, int Value)[] { (1, 10), (2, 20), (3, 0) }, 2);
        var right = context.Parallelize(new (int Key, int Value)[] { (1, 0), (3, 0), (4, 40) }, 3);

        AssertSameMultiset(
            [(1, (10, Option.Some(0))), (2, (20, Option<int>.None)), (3, (0, Option.Some(0)))],
            left.LeftOuterJoin(right).Collect());
        AssertSameMultiset(
            [(1, (Option.Some(10), 0)), (3, (Option.Some(0), 0)), (4, (Option<int>.None, 40))],
            left.RightOuterJoin(right).Collect());
        var full = left.FullOuterJoin(right).Collect().ToDictionary(r => r.Key, r => r.Value);
        Assert.Equal((Option.Some(10), Option.Some(0)), full[1]);
        Assert.Equal((Option.Some(20), Option<int>.None), full[2]);
        Assert.Equal((Option.Some(0), Option.Some(0)), full[3]);
        Assert.Equal((Option<int>.None, Option.Some(40)), full[4]);
        Assert.False(full[2].Right.HasValue);
        Assert.True(full[1].Right.HasValue);
        Assert.NotEqual(full[2].Right, full[1].Right);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Joins_OneSideEmpty_EqualReference(bool leftEmpty)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var data = Ints(Shape.Uniform);
        var left = leftEmpty ? [] : data;
        var right = leftEmpty ? data : [];
        var leftRdd = leftEmpty ? context.EmptyRdd<(int Key, int Value)>() : context.Parallelize(left, 3);
        var rightRdd = leftEmpty ? context.Parallelize(right, 4) : context.Parallelize(right, 2);

        Assert.Empty(leftRdd.Join(rightRdd).Collect());
        AssertSameMultiset(JoinReference.LeftOuterJoin(left, right), leftRdd.LeftOuterJoin(rightRdd).Collect());
        AssertSameMultiset(JoinReference.RightOuterJoin(left, right), leftRdd.RightOuterJoin(rightRdd).Collect());
        AssertSameMultiset(JoinReference.FullOuterJoin(left, right), leftRdd.FullOuterJoin(rightRdd).Collect());
        AssertSameMultiset(left, leftRdd.SubtractByKey(rightRdd).Collect());
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void CoGroup_IntKeys_ValueListsEqualReferenceAsMultisets(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var (left, right) = IntSides(shape);

        var groups = Distribute(context, left, shape).CoGroup(Distribute(context, right, shape)).Collect();

        AssertSameMultiset(JoinReference.CoGroup(left, right), groups.Select(g => (g.Key, (Bag(g.Value.Left), Bag(g.Value.Right)))));
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void CoGroup_NullKeysAndValues_ValueListsEqualReferenceAsMultisets(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var (left, right) = (Strings(shape, seed: 5), Ints(shape, seed: 6).Select(r => (Key: r.Key < 0 ? null : $"k{r.Key}", r.Value)).ToArray());

        var groups = Distribute(context, left, shape).CoGroup(context.Parallelize(right, 3)).Collect();

        AssertSameMultiset(JoinReference.CoGroup(left, right), groups.Select(g => (g.Key, (Bag(g.Value.Left), Bag(g.Value.Right)))));
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void SubtractByKey_IntKeys_EqualsReference(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var (left, right) = IntSides(shape);

        var remaining = Distribute(context, left, shape).SubtractByKey(Distribute(context, right, shape)).Collect();

        AssertSameMultiset(JoinReference.SubtractByKey(left, right), remaining);
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void SubtractByKey_NullKeys_RemovesNullKeyWhenOtherHasIt(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var left = Strings(shape, seed: 7);
        var right = new (string? Key, bool Value)[] { (null, true), ("k1", false), ("k2", true) };

        var remaining = Distribute(context, left, shape).SubtractByKey(context.Parallelize(right, 2)).Collect();

        AssertSameMultiset(JoinReference.SubtractByKey(left, right), remaining);
        Assert.DoesNotContain(remaining, r => r.Key is null);
    }

    [Fact]
    public void Join_SelfJoin_EqualsReference()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var records = Ints(Shape.Uniform);
        var rdd = context.Parallelize(records, 4);

        AssertSameMultiset(JoinReference.Join(records, records), rdd.Join(rdd).Collect());
    }

    [Property(MaxTest = 50)]
    public bool Join_RandomPairs_EqualsReference((int Key, int Value)[] left, (int Key, int Value)[] right, byte partitions)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var (l, r) = (left.Select(x => (Key: x.Key % 6, x.Value)).ToArray(), right.Select(x => (Key: x.Key % 6, x.Value)).ToArray());

        var joined = context.Parallelize(l, partitions % 4 + 1).Join(context.Parallelize(r, 3)).Collect();

        return SameMultiset(JoinReference.Join(l, r), joined);
    }

    [Property(MaxTest = 50)]
    public bool FullOuterJoin_RandomPairs_EqualsReference((int Key, int Value)[] left, (int Key, int Value)[] right, byte partitions)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var (l, r) = (left.Select(x => (Key: x.Key % 6, x.Value)).ToArray(), right.Select(x => (Key: x.Key % 6, x.Value)).ToArray());

        var joined = context.Parallelize(l, 2).FullOuterJoin(context.Parallelize(r, partitions % 4 + 1)).Collect();

        return SameMultiset(JoinReference.FullOuterJoin(l, r), joined);
    }

    /// <summary>Two sides whose keys partly overlap: the right side's keys are shifted by 10, except the hot key.</summary>
    private static ((int Key, int Value)[] Left, (int Key, int Value)[] Right) IntSides(Shape shape) =>
        (Ints(shape, seed: 1), [.. Ints(shape, seed: 2).Select(r => (r.Key == HotIntKey ? r.Key : r.Key + 10, r.Value))]);
}

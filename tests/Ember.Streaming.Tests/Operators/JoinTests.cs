using Ember.Streaming.Testing;
using static Ember.Streaming.Tests.Operators.Batches;

namespace Ember.Streaming.Tests.Operators;

/// <summary>
/// Joins of two streams: each batch joins the two RDDs of the same batch time only. Keys missing on one side give
/// None, told apart from a present <c>0</c>.
/// </summary>
public class JoinTests : OperatorTests
{
    // Batch 1: a on both sides, b only left, c only right (with value 0). Batch 2: only the right side has data.
    // Batch 3: only the left side. Batch 4: a key repeated on both sides. Batch 5: both empty.
    private static readonly (string, int)[][] Left =
    [
        [("a", 1), ("b", 2)],
        [],
        [("a", 3)],
        [("d", 4), ("d", 5)],
    ];

    private static readonly (string, int)[][] Right =
    [
        [("a", 10), ("c", 0)],
        [("a", 20)],
        [],
        [("d", 40), ("d", 0), ("e", 7)],
    ];

    private static Option<int> Some(int value) => Option.Some(value);

    private static Option<int> None => Option<int>.None;

    [Fact]
    public async Task Join_EachBatch_PairsOfMatchingKeysOnly()
    {
        var outputs = await StreamingTest.RunAsync(
            Left, Right, (DStream<(string Key, int Value)> l, DStream<(string Key, int Value)> r) => l.Join(r), batches: 5, options: Options);

        Equal(
            [
                [("a", (1, 10))],
                [],
                [],
                [("d", (4, 40)), ("d", (4, 0)), ("d", (5, 40)), ("d", (5, 0))],
                [],
            ],
            outputs);
    }

    [Fact]
    public async Task Join_SameKeyInEarlierBatch_DoesNotMatchAcrossBatches()
    {
        // a is on the left in batch 3 and on the right in batches 1 and 2: never in the same batch, so no match.
        var outputs = await StreamingTest.RunAsync(
            [[], [], [("a", 3)]], [[("a", 10)], [("a", 20)], []],
            (DStream<(string Key, int Value)> l, DStream<(string Key, int Value)> r) => l.Join(r), batches: 3, options: Options);

        Equal<(string, (int, int))>([[], [], []], outputs);
    }

    [Fact]
    public async Task LeftOuterJoin_KeysMissingOnTheRight_NoneAndZeroKeptApart()
    {
        var outputs = await StreamingTest.RunAsync(
            Left, Right, (DStream<(string Key, int Value)> l, DStream<(string Key, int Value)> r) => l.LeftOuterJoin(r), batches: 5, options: Options);

        Equal(
            [
                [("a", (1, Some(10))), ("b", (2, None))],
                [],
                [("a", (3, None))],
                [("d", (4, Some(40))), ("d", (4, Some(0))), ("d", (5, Some(40))), ("d", (5, Some(0)))],
                [],
            ],
            outputs);
    }

    [Fact]
    public async Task RightOuterJoin_KeysMissingOnTheLeft_None()
    {
        var outputs = await StreamingTest.RunAsync(
            Left, Right, (DStream<(string Key, int Value)> l, DStream<(string Key, int Value)> r) => l.RightOuterJoin(r), batches: 5, options: Options);

        Equal(
            [
                [("a", (Some(1), 10)), ("c", (None, 0))],
                [("a", (None, 20))],
                [],
                [("d", (Some(4), 40)), ("d", (Some(4), 0)), ("d", (Some(5), 40)), ("d", (Some(5), 0)), ("e", (None, 7))],
                [],
            ],
            outputs);
    }

    [Fact]
    public async Task FullOuterJoin_KeysMissingOnEitherSide_NoneOnThatSide()
    {
        var outputs = await StreamingTest.RunAsync(
            Left, Right, (DStream<(string Key, int Value)> l, DStream<(string Key, int Value)> r) => l.FullOuterJoin(r), batches: 5, options: Options);

        Equal(
            [
                [("a", (Some(1), Some(10))), ("b", (Some(2), None)), ("c", (None, Some(0)))],
                [("a", (None, Some(20)))],
                [("a", (Some(3), None))],
                [("d", (Some(4), Some(40))), ("d", (Some(4), Some(0))), ("d", (Some(5), Some(40))), ("d", (Some(5), Some(0))), ("e", (None, Some(7)))],
                [],
            ],
            outputs);
    }

    [Fact]
    public async Task FullOuterJoin_ZeroValues_SomeZeroNotNone()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("k", 0)]], [[("k", 0), ("m", 0)]],
            (DStream<(string Key, int Value)> l, DStream<(string Key, int Value)> r) => l.FullOuterJoin(r), batches: 1, options: Options);

        var single = outputs[0].OrderBy(pair => pair.Key).ToList();
        Assert.Equal(2, single.Count);
        Assert.Equal(("k", (Some(0), Some(0))), (single[0].Key, single[0].Value));
        Assert.True(single[1].Value.Right.HasValue);
        Assert.False(single[1].Value.Left.HasValue);
        Assert.Equal(0, single[1].Value.Right.Value);
    }

    [Fact]
    public async Task CoGroup_EachBatch_EveryKeyOfEitherSideWithBothValueLists()
    {
        var outputs = await StreamingTest.RunAsync(
            Left, Right,
            (DStream<(string Key, int Value)> l, DStream<(string Key, int Value)> r) =>
                l.CoGroup(r).Map(pair => (pair.Key, Sorted(pair.Value.Left), Sorted(pair.Value.Right))),
            batches: 5, options: Options);

        Equal(
            [
                [("a", "{1}", "{10}"), ("b", "{2}", "{}"), ("c", "{}", "{0}")],
                [("a", "{}", "{20}")],
                [("a", "{3}", "{}")],
                [("d", "{4,5}", "{0,40}"), ("e", "{}", "{7}")],
                [],
            ],
            outputs);
    }

    [Fact]
    public async Task Join_DifferentValueTypes_Joined()
    {
        var outputs = await StreamingTest.RunAsync(
            [[(1, "one"), (2, "two")]], [[(1, 1.5), (1, 2.5)]],
            (DStream<(int Key, string Value)> l, DStream<(int Key, double Value)> r) => l.Join(r, partitions: 3),
            batches: 1, options: Options);

        Equal([[(1, ("one", 1.5)), (1, ("one", 2.5))]], outputs);
    }

    [Fact]
    public async Task Join_Partitions_OutputHasThatManyPartitions()
    {
        var outputs = await StreamingTest.RunAsync(
            Left, Right, (DStream<(string Key, int Value)> l, DStream<(string Key, int Value)> r) => l.FullOuterJoin(r, partitions: 5).Glom(), batches: 2, options: Options);

        Assert.All(outputs, batch => Assert.Equal(5, batch.Count));
    }

    [Fact]
    public async Task Join_WindowedAndUnwindowed_SameSlideJoinsWindowContents()
    {
        // The left side is a 2-batch window, so a value on the left meets the right side's values of the next batch too.
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)], [], []], [[("a", 10)], [("a", 20)], [("a", 30)]],
            (DStream<(string Key, int Value)> l, DStream<(string Key, int Value)> r) => l.Window(Seconds(2)).Join(r),
            batches: 3, options: Options);

        Equal([[("a", (1, 10))], [("a", (1, 20))], []], outputs);
    }
}

/// <summary>
/// What of <see cref="JoinTests"/> never runs a batch on the test's backend: the check of slides made when a join is
/// built. The same on every backend, so these run once, in process, and not again on the cluster.
/// </summary>
public sealed class JoinInProcessTests
{
    [Fact]
    public async Task Join_DifferentSlides_ThrowsArgumentExceptionNamingBoth() =>
        await WithStreamAsync<(string Key, int Value)>(s =>
        {
            var error = Assert.Throws<ArgumentException>(() => s.Join(s.Window(Seconds(2), Seconds(2))));
            Assert.Contains("1000 ms", error.Message);
            Assert.Contains("2000 ms", error.Message);
        });
}

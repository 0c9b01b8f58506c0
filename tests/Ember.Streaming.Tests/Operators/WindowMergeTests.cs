using Ember.Streaming.DStreams;

namespace Ember.Streaming.Tests.Operators;

/// <summary>
/// One partition of an inverse window's merge: what each key of the new window holds given the previous window and
/// the batches that left and entered, as ReduceByKeyAndWindow with an inverse function promises it.
/// </summary>
public sealed class WindowMergeTests
{
    private static readonly Func<string, string, string> Concat = (a, b) => $"({a}+{b})";
    private static readonly Func<string, string, string> Remove = (a, b) => $"({a}-{b})";

    [Fact]
    public void Merge_KeyInPreviousLeftAndEntered_InverseOfTheLeftValueThenReduceWithTheEnteredOne()
    {
        var window = WindowMerge<string, string>.Merge([("k", "p"), ("same", "s")], [[("k", "l")]], [[("k", "e")]], Concat, Remove, null);

        Assert.Equal([("k", "((p-l)+e)"), ("same", "s")], window);
    }

    [Fact]
    public void Merge_SeveralBatchesLeavingAndEntering_EachSideReducedInBatchOrderBeforeOneInverseAndOneReduce()
    {
        var window = WindowMerge<string, string>.Merge([("k", "p")], [[("k", "l1")], [("k", "l2")]], [[("k", "e1")], [("k", "e2")]], Concat, Remove, null);

        Assert.Equal([("k", "((p-(l1+l2))+(e1+e2))")], window);
    }

    [Fact]
    public void Merge_NewKeyWhoseOldValuesWereFilteredOut_HoldsOnlyItsEnteredValue()
    {
        var window = WindowMerge<string, string>.Merge([], [[("k", "l")]], [[("k", "e")], [("n", "x")]], Concat, Remove, null);

        Assert.Equal([("k", "e"), ("n", "x")], window);
    }

    [Fact]
    public void Merge_KeyLeavingThatWasNeitherInThePreviousWindowNorEntered_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => WindowMerge<string, string>.Merge([], [[("k", "l")]], [], Concat, Remove, null));

        Assert.Contains("'k'", error.Message);
    }

    [Fact]
    public void Merge_Filter_DropsThePairsItRejects()
    {
        var window = WindowMerge<string, int>.Merge(
            [("a", 1), ("b", 2)], [[("a", 1)]], [[("c", 3)]], (a, b) => a + b, (a, b) => a - b, pair => pair.Value != 0);

        Assert.Equal([("b", 2), ("c", 3)], window);
    }

    [Fact]
    public void Merge_NullKey_KeptAndUpdatedLikeAnyOther()
    {
        var window = WindowMerge<string?, int>.Merge([(null, 5), ("a", 1)], [[(null, 2)]], [[(null, 1)]], (a, b) => a + b, (a, b) => a - b, null);

        Assert.Equal([(null, 4), ("a", 1)], window.OrderBy(pair => pair.Key ?? ""));
    }
}

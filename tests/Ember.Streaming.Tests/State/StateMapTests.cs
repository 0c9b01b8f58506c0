using Ember.Streaming.State;

namespace Ember.Streaming.Tests.State;

/// <summary>
/// The delta-chained state map: a delta sees its parents' states, changes in a delta never show in its parent, removed
/// keys stay hidden, and flattening after <see cref="StateMap{TKey,TState}.MaxDepth"/> deltas keeps the same contents.
/// </summary>
public sealed class StateMapTests
{
    private static readonly Time T1 = new(1000);
    private static readonly Time T2 = new(2000);

    [Fact]
    public void NewDelta_Changes_LeaveTheParentUnchanged()
    {
        var parent = StateMap<string, int>.Of([("a", 1, T1), ("b", 2, T1)]);
        var child = parent.NewDelta();

        child.Set("a", 10, T2);
        child.Set("c", 3, T2);
        child.Remove("b");

        Assert.Equal([("a", 1), ("b", 2)], Contents(parent));
        Assert.Equal(2, parent.Count);
        Assert.Equal([("a", 10), ("c", 3)], Contents(child));
        Assert.Equal(2, child.Count);
        Assert.True(child.TryGetValue("a", out var a) && a == (10, T2));
        Assert.False(child.TryGetValue("b", out _));
    }

    [Fact]
    public void Remove_ThenSetInALaterDelta_BringsTheKeyBack()
    {
        var first = StateMap<string, int>.Of([("a", 1, T1)]).NewDelta();
        first.Remove("a");
        var second = first.NewDelta();

        Assert.False(second.TryGetValue("a", out _));
        Assert.Empty(Contents(second));
        second.Set("a", 5, T2);

        Assert.Equal([("a", 5)], Contents(second));
        Assert.Equal(1, second.Count);
        Assert.Empty(Contents(first));
    }

    [Fact]
    public void NewDelta_PastMaxDepth_FlattensWithTheSameContents()
    {
        var map = StateMap<int, int>.Of([.. Enumerable.Range(0, 100).Select(key => (key, 0, T1))]);
        var expected = Enumerable.Range(0, 100).ToDictionary(key => key, _ => 0);
        for (var batch = 1; batch <= 3 * StateMap<int, int>.MaxDepth; batch++)
        {
            map = map.NewDelta();
            map.Set(batch, batch, T2);
            expected[batch] = batch;
            map.Remove(batch + 50);
            expected.Remove(batch + 50);
            map.Set(1000 + batch, 1, T2);
            expected[1000 + batch] = 1;
        }

        Assert.Equal(expected.OrderBy(pair => pair.Key).Select(pair => (pair.Key, pair.Value)), Contents(map));
        Assert.Equal(expected.Count, map.Count);
    }

    [Fact]
    public void NullKey_IsKeptLikeAnyOther()
    {
        var map = StateMap<string?, int>.Of([(null, 1, T1)]).NewDelta();
        map.Set(null, 2, T2);

        Assert.True(map.TryGetValue(null, out var state) && state.State == 2);
        Assert.Equal(1, map.Count);
    }

    private static List<(TKey, int)> Contents<TKey>(StateMap<TKey, int> map) =>
        [.. map.OrderBy(pair => pair.Key).Select(pair => (pair.Key, pair.Value.State))];
}

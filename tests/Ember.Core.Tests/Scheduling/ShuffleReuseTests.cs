using System.Runtime.CompilerServices;
using Ember.Dependencies;

namespace Ember.Tests.Scheduling;

public sealed class ShuffleReuseTests
{
    [Fact]
    public async Task CollectAsync_SecondActionOnShuffledRdd_ReusesMapOutputs()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var mapped = 0;
        var reduced = CountByRemainder(context, () => Interlocked.Increment(ref mapped));

        var first = (await reduced.CollectAsync()).OrderBy(pair => pair.Key).ToList();
        var outputs = ((Ember.Shuffle.LocalShuffleStore)context.ShuffleStore).MapOutputCount;
        var count = await reduced.CountAsync();
        var second = (await reduced.CollectAsync()).OrderBy(pair => pair.Key).ToList();

        Assert.Equal(ExpectedCounts, first);
        Assert.Equal(ExpectedCounts, second);
        Assert.Equal(10, count);
        Assert.Equal(4, outputs);
        Assert.Equal(4, ((Ember.Shuffle.LocalShuffleStore)context.ShuffleStore).MapOutputCount);
        Assert.Equal(1000, Volatile.Read(ref mapped));
    }

    [Fact]
    public async Task CollectAsync_ChildOfShuffledRdd_ReusesParentMapOutputs()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var mapped = 0;
        var reduced = CountByRemainder(context, () => Interlocked.Increment(ref mapped));
        await reduced.CollectAsync();

        var doubled = (await reduced.MapValues(value => value * 2).CollectAsync()).OrderBy(pair => pair.Key);

        Assert.Equal(ExpectedCounts.Select(pair => (pair.Key, pair.Value * 2)), doubled);
        Assert.Equal(1000, Volatile.Read(ref mapped));
    }

    [Fact]
    public async Task CollectAsync_AfterRemoveShuffle_RecomputesMapOutputs()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var mapped = 0;
        var reduced = CountByRemainder(context, () => Interlocked.Increment(ref mapped));
        Assert.Equal(ExpectedCounts, (await reduced.CollectAsync()).OrderBy(pair => pair.Key));
        var shuffleId = reduced.Dependencies.OfType<ShuffleDependency>().Single().ShuffleId;

        context.MapOutputs.RemoveShuffle(shuffleId);
        Assert.Equal(0, ((Ember.Shuffle.LocalShuffleStore)context.ShuffleStore).MapOutputCount);
        var again = (await reduced.CollectAsync()).OrderBy(pair => pair.Key);

        Assert.Equal(ExpectedCounts, again);
        Assert.Equal(2000, Volatile.Read(ref mapped));
        Assert.Equal(4, ((Ember.Shuffle.LocalShuffleStore)context.ShuffleStore).MapOutputCount);
    }

    [Fact]
    public async Task CollectAsync_AfterRemovingShuffleOfParent_RecomputesOnlyThatShuffle()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var mapped = 0;
        var reduced = CountByRemainder(context, () => Interlocked.Increment(ref mapped));
        // A second shuffle over the first: counts of counts.
        var regrouped = reduced.Map(pair => (Key: pair.Value, Value: 1)).ReduceByKey((a, b) => a + b, partitions: 2);
        Assert.Equal([(100, 10)], await regrouped.CollectAsync());
        var firstShuffle = reduced.Dependencies.OfType<ShuffleDependency>().Single().ShuffleId;

        context.MapOutputs.RemoveShuffle(firstShuffle);
        var outputsLeft = ((Ember.Shuffle.LocalShuffleStore)context.ShuffleStore).MapOutputCount;

        Assert.Equal([(100, 10)], await regrouped.CollectAsync());
        Assert.Equal(3, outputsLeft);
        Assert.Equal(1000, Volatile.Read(ref mapped));
        Assert.Equal(ExpectedCounts, (await reduced.CollectAsync()).OrderBy(pair => pair.Key));
        Assert.Equal(2000, Volatile.Read(ref mapped));
    }

    [Fact]
    public async Task RunJobAsync_ShuffledGraphCollected_CleanerRemovesItsMapOutputs()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        Assert.Equal(4, await RunShuffleAndForgetIt(context));
        var source = context.Parallelize(Enumerable.Range(0, 100), 8);

        // The last task a worker ran may keep its graph reachable until the worker takes another, and a loaded
        // machine may need several collections: allow rounds of collect + job until the cleaner has run.
        for (var round = 0; round < 50 && ((Ember.Shuffle.LocalShuffleStore)context.ShuffleStore).MapOutputCount > 0; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.Equal(100, await source.CountAsync());
        }

        Assert.Equal(0, ((Ember.Shuffle.LocalShuffleStore)context.ShuffleStore).MapOutputCount);
    }

    [Fact]
    public async Task RunJobAsync_ShuffledGraphStillReferenced_CleanerKeepsItsMapOutputs()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var mapped = 0;
        var reduced = CountByRemainder(context, () => Interlocked.Increment(ref mapped));
        await reduced.CollectAsync();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(3, await context.Parallelize([1, 2, 3]).CountAsync());

        Assert.Equal(4, ((Ember.Shuffle.LocalShuffleStore)context.ShuffleStore).MapOutputCount);
        Assert.Equal(ExpectedCounts, (await reduced.CollectAsync()).OrderBy(pair => pair.Key));
        Assert.Equal(1000, Volatile.Read(ref mapped));
    }

    private static IEnumerable<(int Key, int Value)> ExpectedCounts => Enumerable.Range(0, 10).Select(key => (key, 100));

    /// <summary>Counts 0..999 by remainder of 10 through a 4-map, 3-reduce shuffle, calling <paramref name="onMap"/> per record.</summary>
    private static Rdd<(int Key, int Value)> CountByRemainder(EmberContext context, Action onMap) =>
        context.Parallelize(Enumerable.Range(0, 1000), 4)
            .Map(item =>
            {
                onMap();
                return (Key: item % 10, Value: 1);
            })
            .ReduceByKey((a, b) => a + b, partitions: 3);

    // Not inlined, so no local of the caller keeps the graph alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<int> RunShuffleAndForgetIt(EmberContext context)
    {
        await CountByRemainder(context, () => { }).CollectAsync();
        return ((Ember.Shuffle.LocalShuffleStore)context.ShuffleStore).MapOutputCount;
    }
}

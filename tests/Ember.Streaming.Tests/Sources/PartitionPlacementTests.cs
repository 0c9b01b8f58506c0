using Ember.Streaming.Sources;

namespace Ember.Streaming.Tests.Sources;

/// <summary>
/// Where a direct source's partition prefers to run: a stable hash of its key over the sorted live executors, or a
/// fixed executor while it lives; and the per-process resources sources keep, disposed with the engine.
/// </summary>
public sealed class PartitionPlacementTests
{
    [Fact]
    public void StableHash_IsFnv1aOfTheUtf8Bytes_SameInEveryProcess()
    {
        Assert.Equal(0x811C9DC5u, PartitionPlacement.StableHash(""));
        Assert.Equal(0xE40C292Cu, PartitionPlacement.StableHash("a"));
    }

    [Fact]
    public void Consistent_PicksTheExecutorAtTheHashModuloTheirCount()
    {
        var placement = PartitionPlacement.Consistent("a");

        Assert.Equal(["0"], placement.Resolve(["0", "1"]));
        Assert.Equal(["1"], placement.Resolve(["0", "1", "2"]));
        Assert.Empty(placement.Resolve([]));
    }

    [Fact]
    public void Consistent_ManyKeys_SpreadOverEveryExecutor()
    {
        string[] executors = ["0", "1", "2"];

        var used = Enumerable.Range(0, 30).Select(i => PartitionPlacement.Consistent($"topic-{i}").Resolve(executors).Single()).ToHashSet();

        Assert.Equal(executors.ToHashSet(), used);
    }

    [Fact]
    public void Fixed_ExecutorAlive_IsThatExecutor()
    {
        Assert.Equal(["2"], PartitionPlacement.Fixed("2", "a").Resolve(["0", "1", "2"]));
    }

    [Fact]
    public void Fixed_ExecutorGone_FallsBackToTheKeyOrToNoPreference()
    {
        Assert.Equal(["0"], PartitionPlacement.Fixed("7", "a").Resolve(["0", "1"]));
        Assert.Empty(PartitionPlacement.Fixed("7").Resolve(["0", "1"]));
    }

    [Fact]
    public void Anywhere_PrefersNothing()
    {
        Assert.Empty(PartitionPlacement.Anywhere.Resolve(["0", "1"]));
    }

    [Fact]
    public void Factories_EmptyNames_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => PartitionPlacement.Consistent(""));
        Assert.Throws<ArgumentException>(() => PartitionPlacement.Fixed(""));
        Assert.Throws<ArgumentException>(() => PartitionPlacement.Fixed("0", ""));
    }

    [Fact]
    public void ProcessResources_OneKey_CreatedOnceAndDisposedWhenTheContextStops()
    {
        var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        var created = 0;
        var first = ProcessResources.Of(context).GetOrCreate("test.resource", () => { created++; return new Resource(); });
        var second = ProcessResources.Of(context).GetOrCreate("test.resource", () => { created++; return new Resource(); });

        context.Dispose();

        Assert.Same(first, second);
        Assert.Equal(1, created);
        Assert.True(first.Disposed);
        var late = ProcessResources.Of(context).GetOrCreate("test.other", () => new Resource());
        Assert.True(late.Disposed);
    }

    [Fact]
    public void ProcessResources_KeyOfAnotherType_IsRefusedNamingTheKey()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        ProcessResources.Of(context).GetOrCreate("test.resource", () => new Resource());

        var error = Assert.Throws<InvalidOperationException>(() => ProcessResources.Of(context).GetOrCreate("test.resource", () => new MemoryStream()));

        Assert.Contains("test.resource", error.Message);
    }

    private sealed class Resource : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}

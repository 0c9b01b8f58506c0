using Ember.Dependencies;

namespace Ember.Tests.Context;

/// <summary>
/// A stopped context refuses new RDDs and jobs with a clear ObjectDisposedException naming it (as Spark's
/// assertNotStopped), and RDDs whose partitions are misnumbered are rejected (SPARK-13021).
/// </summary>
public sealed class StoppedContextTests
{
    public static TheoryData<string> Factories => new(["Parallelize", "TextFile", "BinaryRecords", "ObjectFile", "EmptyRdd", "Union", "Map"]);

    [Theory]
    [MemberData(nameof(Factories))]
    public void Factory_AfterDispose_ThrowsObjectDisposedNamingTheContext(string factory)
    {
        var context = new EmberContext(new EmberOptions { Master = "local[1]", AppName = "stopped-app" });
        var existing = context.Parallelize([1, 2, 3], 1);
        context.Dispose();
        var missing = Path.Combine(Path.GetTempPath(), $"ember-missing-{Guid.NewGuid():N}");

        Action create = factory switch
        {
            "Parallelize" => () => context.Parallelize([1, 2, 3]),
            "TextFile" => () => context.TextFile(missing),
            "BinaryRecords" => () => context.BinaryRecords(missing, 4),
            "ObjectFile" => () => context.ObjectFile<int>(missing),
            "EmptyRdd" => () => context.EmptyRdd<int>(),
            "Union" => () => context.Union([existing, existing]),
            _ => () => existing.Map(x => x + 1),
        };

        var error = Assert.Throws<ObjectDisposedException>(create);
        Assert.Contains("stopped-app", error.Message, StringComparison.Ordinal);
        Assert.Contains(context.ApplicationId, error.Message, StringComparison.Ordinal);
        Assert.Contains("is stopped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_AfterDispose_ThrowObjectDisposedNamingTheActionAndContext()
    {
        var context = new EmberContext(new EmberOptions { Master = "local[1]", AppName = "stopped-app" });
        var rdd = context.Parallelize([1, 2, 3], 1);
        await context.DisposeAsync();

        var count = Assert.Throws<ObjectDisposedException>(() => rdd.Count());
        var job = await Assert.ThrowsAsync<ObjectDisposedException>(() => context.RunJobAsync(rdd, (_, items) => items.Sum()));

        Assert.Contains($"Cannot run Count on {rdd}: the EmberContext 'stopped-app'", count.Message, StringComparison.Ordinal);
        Assert.Contains("Cannot run RunJob", job.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 0, 2, 1 }, 1, 2)]
    [InlineData(new[] { 1 }, 0, 1)]
    [InlineData(new[] { 0, 1, 1 }, 2, 1)]
    public void Partitions_MisnumberedByACustomRdd_ThrowsNamingTheRddAndPosition(int[] indexes, int position, int index)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        var rdd = new MisnumberedRdd(context, indexes).SetName("misnumbered");

        var error = Assert.Throws<InvalidOperationException>(() => rdd.Partitions);
        var collect = Assert.Throws<InvalidOperationException>(() => rdd.Collect());

        Assert.StartsWith($"misnumbered [{rdd.Id}] lists a partition with Index {index} at position {position}", error.Message, StringComparison.Ordinal);
        Assert.Contains("SPARK-13021", collect.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Partitions_NumberedInOrder_Accepted()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[1]" });

        Assert.Equal([0, 1, 2], new MisnumberedRdd(context, [0, 1, 2]).Collect());
    }

    /// <summary>A user-written RDD whose partitions carry the given indexes, each yielding its index.</summary>
    private sealed class MisnumberedRdd(EmberContext context, int[] indexes) : Rdd<int>(context, "Misnumbered")
    {
        protected override IReadOnlyList<Partition> GetPartitions() => [.. indexes.Select(index => new Partition(index))];

        protected override IReadOnlyList<Dependency> GetDependencies() => [];

        protected internal override IEnumerable<int> Compute(Partition partition, TaskContext context) => [partition.Index];
    }
}

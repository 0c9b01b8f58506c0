using Ember.Scheduling;
using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>Zip: LINQ's Zip when both sides are shaped alike; Spark's errors when they are not.</summary>
public class ZipTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Zip_SameShape_EqualsLinqZip(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);

        var zipped = rdd.Zip(rdd.Map(item => item?.Length ?? -1));

        Assert.Equal(items.Zip(items.Select(item => item?.Length ?? -1)), zipped.Collect());
        Assert.Empty(PairOperators.PairInputs.ShufflesSince(zipped));
    }

    [Fact]
    public void Zip_DifferentPartitionCounts_ThrowsArgumentException()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Throws<ArgumentException>(() => context.Parallelize([1, 2, 3], 2).Zip(context.Parallelize([1, 2, 3], 3)));
    }

    [Fact]
    public async Task Zip_DifferentCountsInAPartition_JobFailsWithSparksMessage()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize(Enumerable.Range(0, 10), 2);

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.Zip(rdd.Filter(item => item % 2 == 0)).CollectAsync());

        var inner = Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains("same number of elements in each partition", inner.Message);
    }

    [Property(MaxTest = 40)]
    public void Zip_AnyInts_EqualsLinqZip(int[] items, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));
        var rdd = context.Parallelize(items, RandomInputs.Partitions(partitions));

        Assert.Equal(items.Zip(items.Select(item => (long)item * 2)), rdd.Zip(rdd.Map(item => (long)item * 2)).Collect());
    }
}

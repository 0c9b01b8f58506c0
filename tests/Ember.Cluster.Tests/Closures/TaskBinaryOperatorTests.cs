using Ember.Partitioning;

namespace Ember.Cluster.Tests.Closures;

/// <summary>Every kind of RDD of Ember.Core, written on the driver and computed by a second context's scheduler.</summary>
public sealed class TaskBinaryOperatorTests : TwoContextsTest
{
    private Rdd<(int Key, int Value)> Pairs(int count = 60, int partitions = 3) =>
        Driver.Parallelize(Enumerable.Range(0, count).Select(i => (Key: i % 7, Value: i)), partitions);

    private async Task AssertSameOnExecutorAsync<T>(Rdd<T> rdd, bool ordered = false)
    {
        var onDriver = await rdd.CollectAsync();
        var onExecutor = await Contexts.ShipAndRunAsync(rdd);
        if (ordered)
        {
            Assert.Equal(onDriver, onExecutor);
        }
        else
        {
            Assert.Equal(onDriver.Order(), onExecutor.Order());
        }
        Assert.NotEmpty(onExecutor);
    }

    [Fact]
    public Task Serialize_CoalesceAndRepartition_SameRecords() =>
        AssertSameOnExecutorAsync(Driver.Parallelize(Enumerable.Range(0, 50), 5).Coalesce(2).Repartition(3).Map(x => x * 3));

    [Fact]
    public Task Serialize_SampleWithSeed_SameSample() =>
        AssertSameOnExecutorAsync(Driver.Parallelize(Enumerable.Range(0, 500), 4).Sample(withReplacement: false, fraction: 0.3, seed: 42));

    [Fact]
    public Task Serialize_ZipWithIndexAndUniqueId_SameIndices() =>
        AssertSameOnExecutorAsync(Driver.Parallelize(Enumerable.Range(0, 30), 3).ZipWithIndex().Map(pair => pair.Index * 100 + pair.Item), ordered: true);

    [Fact]
    public Task Serialize_IntersectionAndSubtract_SameSets() =>
        AssertSameOnExecutorAsync(Driver.Parallelize(Enumerable.Range(0, 40), 3).Intersection(Driver.Parallelize(Enumerable.Range(20, 40), 2))
            .Subtract(Driver.Parallelize([25, 26], 1)));

    [Fact]
    public Task Serialize_PartitionByAndMapValues_SameRecords() =>
        AssertSameOnExecutorAsync(Pairs().PartitionBy(new HashPartitioner(4)).MapValues(value => value * 2).ReduceByKey((a, b) => a + b));

    [Fact]
    public Task Serialize_OuterJoins_SameRows() =>
        AssertSameOnExecutorAsync(Pairs().LeftOuterJoin(Pairs(10, 2).Filter(pair => pair.Key < 4))
            .Map(row => $"{row.Key}:{row.Value.Left}:{row.Value.Right}"));

    [Fact]
    public Task Serialize_SortByWithDescendingOrder_SameOrder() =>
        AssertSameOnExecutorAsync(Driver.Parallelize(["pear", "apple", "fig", "kiwi", "banana"], 2).SortBy(word => word.Length, ascending: false)
            .Map(word => word.Length), ordered: true);

    [Fact]
    public Task Serialize_FilterByRangeAfterSortByKey_PrunedPartitions() =>
        AssertSameOnExecutorAsync(Pairs().SortByKey(partitions: 3).FilterByRange(2, 4), ordered: true);

    [Fact]
    public Task Serialize_SortByKeyOnDoubles_JavaOrderComparerTravels() =>
        AssertSameOnExecutorAsync(Driver.Parallelize([3.5, double.NaN, -0.0, 0.0, -7.25, 1e9], 3).Map(x => (Key: x, Value: 1)).SortByKey(partitions: 2)
            .Map(pair => BitConverter.DoubleToInt64Bits(pair.Key)), ordered: true);

    [Fact]
    public Task Serialize_GlomAndMapPartitionsWithIndex_SamePartitions() =>
        AssertSameOnExecutorAsync(Driver.Parallelize(Enumerable.Range(0, 20), 4).MapPartitionsWithIndex((index, items) => items.Select(x => index * 1000 + x))
            .Glom().Map(items => items.Sum()), ordered: true);

    [Fact]
    public Task Serialize_ZipPartitions_SameRecords() =>
        AssertSameOnExecutorAsync(Driver.Parallelize(Enumerable.Range(0, 10), 2).ZipPartitions(Driver.Parallelize(Enumerable.Range(100, 10), 2),
            (left, right) => left.Zip(right, (a, b) => a + b)), ordered: true);

    [Fact]
    public Task Serialize_GroupWithThreeOthers_SameGroups() =>
        AssertSameOnExecutorAsync(Pairs().CoGroup(Pairs(20, 2), Pairs(5, 1))
            .Map(group => $"{group.Key}:{group.Value.Left.Count}:{group.Value.Other1.Count}:{group.Value.Other2.Count}"));

    [Fact]
    public async Task Serialize_BinaryRecordsAndObjectFile_ExecutorReadsTheFiles()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.Path);
        var binary = Path.Combine(directory.Path, "records.bin");
        await File.WriteAllBytesAsync(binary, [.. Enumerable.Range(0, 40).Select(i => (byte)i)]);
        await AssertSameOnExecutorAsync(Driver.BinaryRecords(binary, 4).Map(record => record.Sum(b => b)));

        var objects = Path.Combine(directory.Path, "objects");
        await Pairs().SaveAsObjectFileAsync(objects);
        await AssertSameOnExecutorAsync(Driver.ObjectFile<(int Key, int Value)>(objects));
    }

    [Fact]
    public async Task Serialize_ReliablyCheckpointedRdd_ExecutorReadsTheCheckpoint()
    {
        using var directory = new TemporaryDirectory();
        Driver.SetCheckpointDir(directory.Path);
        var rdd = Pairs().ReduceByKey((a, b) => a + b).Checkpoint();
        await rdd.CountAsync();
        Assert.True(rdd.IsCheckpointed);

        await AssertSameOnExecutorAsync(rdd.MapValues(value => -value));
    }

    [Fact]
    public async Task Serialize_MarkedForCheckpointButNotWritten_ExecutorComputesTheLineage()
    {
        using var directory = new TemporaryDirectory();
        Driver.SetCheckpointDir(directory.Path);
        var rdd = Pairs().Map(pair => (pair.Key, pair.Value + 1)).Checkpoint();

        var shipped = await Contexts.ShipAndRunAsync(rdd);

        Assert.Equal(Enumerable.Range(1, 60), shipped.Select(pair => pair.Item2).Order());
    }

    [Fact]
    public async Task Serialize_EmptyRddUnion_SameRecords()
    {
        var union = Driver.Union([Driver.EmptyRdd<int>(), Driver.Parallelize([1, 2, 3], 2)]);

        Assert.Equal([1, 2, 3], (await Contexts.ShipAndRunAsync(union)).Order());
    }
}

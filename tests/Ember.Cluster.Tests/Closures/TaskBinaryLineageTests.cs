using System.Text.RegularExpressions;
using Ember.Storage;

namespace Ember.Cluster.Tests.Closures;

public sealed class TaskBinaryLineageTests : TwoContextsTest
{
    [Fact]
    public async Task Serialize_NarrowOperatorsWithCapturedLocals_ExecutorComputesSameRecords()
    {
        var factor = 3;
        var threshold = 10;
        var rdd = Driver.Parallelize(Enumerable.Range(0, 100), 4)
            .Map(x => x * factor)
            .Filter(x => x % 2 == 0 && x > threshold)
            .FlatMap(x => new[] { x, -x });

        var shipped = await Contexts.ShipAndRunAsync(rdd);

        var expected = Enumerable.Range(0, 100).Select(x => x * factor).Where(x => x % 2 == 0 && x > threshold).SelectMany(x => new[] { x, -x });
        Assert.Equal(expected, shipped);
    }

    [Fact]
    public async Task Serialize_ReduceByKey_ExecutorRunsTheShuffle()
    {
        var words = "a b c a b a d e a".Split(' ');
        var rdd = Driver.Parallelize(words, 3).Map(word => (word, 1)).ReduceByKey((a, b) => a + b, partitions: 2);

        var shipped = await Contexts.ShipAndRunAsync(rdd);

        var expected = words.GroupBy(word => word).Select(group => (group.Key, group.Count()));
        Assert.Equal(expected.OrderBy(pair => pair.Key), shipped.OrderBy(pair => pair.Key));
    }

    [Fact]
    public async Task Serialize_GroupByKeyJoinAndCoGroup_SameAsDriver()
    {
        var left = Driver.Parallelize(Enumerable.Range(0, 40).Select(i => (Key: i % 5, Value: i)), 3);
        var right = Driver.Parallelize(Enumerable.Range(0, 12).Select(i => (Key: i % 7, Value: $"r{i}")), 2);
        var grouped = left.GroupByKey().MapValues(values => values.Sum());
        var joined = grouped.Join(right).Map(pair => $"{pair.Key}:{pair.Value.Left}:{pair.Value.Right}");
        var cogrouped = left.CoGroup(right).Map(pair => $"{pair.Key}:{pair.Value.Left.Sum()}:{string.Join(',', pair.Value.Right.Order())}");

        Assert.Equal((await joined.CollectAsync()).Order(), (await Contexts.ShipAndRunAsync(joined)).Order());
        Assert.Equal((await cogrouped.CollectAsync()).Order(), (await Contexts.ShipAndRunAsync(cogrouped)).Order());
    }

    [Fact]
    public async Task Serialize_SortByKey_KeepsTheOrder()
    {
        var keys = Enumerable.Range(0, 200).Select(i => (i * 7919) % 211).ToArray();
        var rdd = Driver.Parallelize(keys.Select(key => (Key: $"k{key:D3}", Value: key)), 4).SortByKey(partitions: 3);

        var shipped = await Contexts.ShipAndRunAsync(rdd);

        Assert.Equal(keys.Order().Select(key => $"k{key:D3}"), shipped.Select(pair => pair.Key));
    }

    [Fact]
    public async Task Serialize_DistinctUnionCartesianZip_SameAsLinq()
    {
        var numbers = Driver.Parallelize([1, 2, 2, 3, 3, 3], 2);
        var letters = Driver.Parallelize(["x", "y"], 2);
        var distinct = numbers.Distinct();
        var union = numbers.Union(distinct.Map(x => x * 10));
        var cartesian = distinct.Cartesian(letters);
        var zipped = Driver.Parallelize([1, 2, 3, 4], 2).Zip(Driver.Parallelize(["a", "b", "c", "d"], 2));

        Assert.Equal([1, 2, 3], (await Contexts.ShipAndRunAsync(distinct)).Order());
        Assert.Equal([1, 2, 2, 3, 3, 3, 10, 20, 30], (await Contexts.ShipAndRunAsync(union)).Order());
        Assert.Equal(
            from n in new[] { 1, 2, 3 } from l in new[] { "x", "y" } select (n, l),
            (await Contexts.ShipAndRunAsync(cartesian)).Select(pair => (pair.Left, pair.Right)).Order());
        Assert.Equal([(1, "a"), (2, "b"), (3, "c"), (4, "d")], (await Contexts.ShipAndRunAsync(zipped)).Select(pair => (pair.Left, pair.Right)));
    }

    [Fact]
    public async Task Serialize_AggregateByKeyWithMutableZero_EveryKeyStartsFromItsOwnZero()
    {
        var rdd = Driver.Parallelize(Enumerable.Range(0, 30).Select(i => (Key: i % 3, Value: i % 4)), 3)
            .AggregateByKey(new HashSet<int>(), (set, value) => { set.Add(value); return set; }, (a, b) => { a.UnionWith(b); return a; });

        var shipped = await Contexts.ShipAndRunAsync(rdd);

        Assert.Equal([0, 1, 2], shipped.Select(pair => pair.Key).Order());
        Assert.All(shipped, pair => Assert.Equal([0, 1, 2, 3], pair.Value.Order()));
    }

    [Fact]
    public async Task Serialize_TextFile_ExecutorReadsTheFile()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.Path);
        var path = Path.Combine(directory.Path, "lines.txt");
        await File.WriteAllLinesAsync(path, ["to be", "or not", "to be"]);
        var pattern = new Regex(@"\s+");
        var rdd = Driver.TextFile(path).FlatMap(line => pattern.Split(line)).Map(word => (word, 1)).ReduceByKey((a, b) => a + b);

        var shipped = await Contexts.ShipAndRunAsync(rdd);

        Assert.Equal([("be", 2), ("not", 1), ("or", 1), ("to", 2)], shipped.Select(pair => (pair.Key, pair.Value)).Order());
    }

    [Fact]
    public async Task Serialize_PersistedRdd_ExecutorKeepsItsBlocks()
    {
        var rdd = Driver.Parallelize(Enumerable.Range(0, 10), 2).Map(x => x + 1).Persist(StorageLevel.MemoryOnlySerialized);

        var shipped = Contexts.Ship(rdd);
        var first = await Contexts.RunOnExecutorAsync(shipped);
        var second = await Contexts.RunOnExecutorAsync(shipped.Map(x => x * 2));

        Assert.Equal(StorageLevel.MemoryOnlySerialized, shipped.StorageLevel);
        Assert.Equal([1, 2, 3, 4, 5], Contexts.Executor.BlockManager.TryGet<int>(shipped.Id, 0));
        Assert.Equal(Enumerable.Range(1, 10), first);
        Assert.Equal(Enumerable.Range(1, 10).Select(x => x * 2), second);
    }

    [Fact]
    public async Task Serialize_StaticAndGenericMethodGroups_ResolveTheRightOverload()
    {
        var rdd = Driver.Parallelize([1.5, -2.0, 3.25], 2).Map(Functions.Describe).Map(Functions.Wrap);

        var shipped = await Contexts.ShipAndRunAsync(rdd);

        Assert.Equal(["[double 1.5]", "[double -2]", "[double 3.25]"], shipped);
    }

    [Fact]
    public async Task Serialize_InstanceMethodCapturingThis_CarriesTheObjectsFields()
    {
        var job = new ScalingJob(factor: 4, label: "x");

        var shipped = await Contexts.ShipAndRunAsync(job.Build(Driver.Parallelize([1, 2, 3], 2)));

        Assert.Equal(["x4", "x8", "x12"], shipped);
    }

    [Fact]
    public async Task Serialize_CapturedDictionaryOfStrings_LooksUpTheSameEntries()
    {
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["one"] = 1, ["two"] = 2, ["three"] = 3 };
        var rdd = Driver.Parallelize(["ONE", "Two", "three", "four"], 2).Map(word => names.TryGetValue(word, out var n) ? n : 0);

        var shipped = await Contexts.ShipAndRunAsync(rdd);

        Assert.Equal([1, 2, 3, 0], shipped);
    }

    [Fact]
    public async Task Serialize_RddComputedOnTheDriverFirst_StillRunsOnTheExecutor()
    {
        var rdd = Driver.Parallelize(Enumerable.Range(0, 20), 4).Map(x => (Key: x % 4, Value: x)).ReduceByKey((a, b) => a + b);
        var onDriver = await rdd.CollectAsync();

        var shipped = await Contexts.ShipAndRunAsync(rdd);

        Assert.Equal(onDriver.OrderBy(pair => pair.Key), shipped.OrderBy(pair => pair.Key));
    }

    [Fact]
    public void Serialize_DiamondLineage_SharedParentComesBackAsOneObject()
    {
        var parent = Driver.Parallelize(Enumerable.Range(0, 10), 2).Map(x => x + 1);
        var union = parent.Map(x => x * 2).Union(parent.Filter(x => x > 5));

        var shipped = Contexts.Ship(union);

        var viaLeft = shipped.Dependencies[0].Parent.Dependencies[0].Parent;
        var viaRight = shipped.Dependencies[1].Parent.Dependencies[0].Parent;
        Assert.Same(viaLeft, viaRight);
        Assert.Equal(parent.Id, viaLeft.Id);
    }

    [Fact]
    public void Serialize_ThreeOperatorLineage_IsAFewKilobytes()
    {
        var offset = 7;
        var rdd = Driver.Parallelize(Enumerable.Range(0, 8), 2).Map(x => (Key: x % 3, Value: x + offset)).Filter(pair => pair.Value > 8).ReduceByKey((a, b) => a + b);

        var bytes = Contexts.Serialize(rdd);

        Assert.InRange(bytes.Length, 1, 4096);
    }
}

public static class Functions
{
    public static string Describe(double value) => $"double {value}";

    public static string Describe(int value) => $"int {value}";

    public static string Wrap<T>(T value) => $"[{value}]";
}

public sealed class ScalingJob(int factor, string label)
{
    public Rdd<string> Build(Rdd<int> numbers) => numbers.Map(Scale).Map(value => label + value);

    private int Scale(int value) => value * factor;
}

using Ember.Partitioning;
using Ember.Streaming.Testing;
using static Ember.Streaming.Tests.Operators.Batches;

namespace Ember.Streaming.Tests.Operators;

/// <summary>The per-batch key-value operators: each batch is aggregated on its own, nothing carries over.</summary>
public class PairTransformationTests : OperatorTests
{
    private static readonly (string, int)[][] Pairs =
    [
        [("a", 1), ("b", 2), ("a", 3), ("c", 0)],
        [],
        [("b", 5)],
        [("a", 1), ("a", 1), ("a", 1)],
    ];

    [Fact]
    public async Task MapValues_EachBatch_MapsValuesKeepsKeys()
    {
        var outputs = await StreamingTest.RunAsync(Pairs, (DStream<(string Key, int Value)> s) => s.MapValues(v => v * 10), batches: 5, options: Options);

        Equal([[("a", 10), ("b", 20), ("a", 30), ("c", 0)], [], [("b", 50)], [("a", 10), ("a", 10), ("a", 10)], []], outputs);
    }

    [Fact]
    public async Task FlatMapValues_EachBatch_OnePairPerReturnedValue()
    {
        var outputs = await StreamingTest.RunAsync(Pairs, (DStream<(string Key, int Value)> s) => s.FlatMapValues(v => Enumerable.Range(0, v)), batches: 3, options: Options);

        Equal([[("a", 0), ("b", 0), ("b", 1), ("a", 0), ("a", 1), ("a", 2)], [], [("b", 0), ("b", 1), ("b", 2), ("b", 3), ("b", 4)]], outputs);
    }

    [Fact]
    public async Task ReduceByKey_EachBatch_MergesValuesPerKeyWithinTheBatchOnly()
    {
        var outputs = await StreamingTest.RunAsync(Pairs, (DStream<(string Key, int Value)> s) => s.ReduceByKey((a, b) => a + b), batches: 5, options: Options);

        Equal([[("a", 4), ("b", 2), ("c", 0)], [], [("b", 5)], [("a", 3)], []], outputs);
    }

    [Fact]
    public async Task ReduceByKey_Partitions_OutputHasThatManyPartitions()
    {
        var outputs = await StreamingTest.RunAsync(Pairs, (DStream<(string Key, int Value)> s) => s.ReduceByKey((a, b) => a + b, partitions: 3).Glom(), batches: 2, options: Options);

        Assert.Equal(3, outputs[0].Count);
        Assert.Equal(3, outputs[1].Count);
        Assert.Equal(3, outputs[0].Sum(part => part.Length));
    }

    [Fact]
    public async Task ReduceByKey_Partitioner_KeysPlacedByIt()
    {
        var partitioner = new HashPartitioner(4);
        var outputs = await StreamingTest.RunAsync(
            [[(1, 1), (2, 1), (5, 1), (1, 1)]],
            (DStream<(int Key, int Value)> s) => s.ReduceByKey((a, b) => a + b, partitioner: partitioner).Glom(),
            batches: 1, options: Options);

        Assert.Equal(4, outputs[0].Count);
        for (var index = 0; index < 4; index++)
        {
            Assert.All(outputs[0][index], pair => Assert.Equal(index, partitioner.GetPartition(pair.Key)));
        }
    }

    [Fact]
    public async Task GroupByKey_EachBatch_AllValuesOfEachKey()
    {
        var outputs = await StreamingTest.RunAsync(
            Pairs, (DStream<(string Key, int Value)> s) => s.GroupByKey().Map(pair => (pair.Key, Sorted(pair.Value))), batches: 5, options: Options);

        Equal([[("a", "{1,3}"), ("b", "{2}"), ("c", "{0}")], [], [("b", "{5}")], [("a", "{1,1,1}")], []], outputs);
    }

    [Fact]
    public async Task CombineByKey_Average_CombinesPerBatch()
    {
        var outputs = await StreamingTest.RunAsync(
            Pairs,
            (DStream<(string Key, int Value)> s) => s
                .CombineByKey(v => (Sum: v, Count: 1), (acc, v) => (acc.Sum + v, acc.Count + 1), (x, y) => (x.Sum + y.Sum, x.Count + y.Count))
                .MapValues(acc => $"{acc.Sum}/{acc.Count}"),
            batches: 5, options: Options);

        Equal([[("a", "4/2"), ("b", "2/1"), ("c", "0/1")], [], [("b", "5/1")], [("a", "3/3")], []], outputs);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CombineByKey_MapSideCombineEitherWay_SameResult(bool mapSideCombine)
    {
        var outputs = await StreamingTest.RunAsync(
            Pairs,
            (DStream<(string Key, int Value)> s) => s
                .CombineByKey(v => new List<int> { v }, (list, v) => [.. list, v], (x, y) => [.. x, .. y], mapSideCombine: mapSideCombine)
                .MapValues(Sorted),
            batches: 4, options: Options);

        Equal([[("a", "{1,3}"), ("b", "{2}"), ("c", "{0}")], [], [("b", "{5}")], [("a", "{1,1,1}")]], outputs);
    }

    [Fact]
    public async Task WordCount_FlatMapMapReduceByKey_CountsPerBatch()
    {
        var outputs = await StreamingTest.RunAsync(
            [["the cat", "the dog"], [], ["cat"]],
            (DStream<string> lines) => lines.FlatMap(line => line.Split(' ')).Map(word => (word, 1)).ReduceByKey((a, b) => a + b),
            batches: 3, options: Options);

        Equal([[("cat", 1), ("dog", 1), ("the", 2)], [], [("cat", 1)]], outputs);
    }
}

/// <summary>
/// What of <see cref="PairTransformationTests"/> never runs a batch on the test's backend: the checks of partitioning
/// arguments made when a stream is built. The same on every backend, so these run once, in process, and not again on
/// the cluster.
/// </summary>
public sealed class PairTransformationInProcessTests
{
    [Fact]
    public async Task ReduceByKey_PartitionsAndPartitioner_ThrowsArgumentException() =>
        await WithStreamAsync<(string Key, int Value)>(s =>
            Assert.Throws<ArgumentException>(() => s.ReduceByKey((a, b) => a + b, partitions: 2, partitioner: new HashPartitioner(2))));

    [Fact]
    public async Task ReduceByKey_ZeroPartitions_ThrowsArgumentOutOfRangeException() =>
        await WithStreamAsync<(string Key, int Value)>(s =>
            Assert.Throws<ArgumentOutOfRangeException>(() => s.ReduceByKey((a, b) => a + b, partitions: 0)));
}

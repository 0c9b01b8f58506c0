using Ember.Streaming.Testing;
using Ember.Streaming.Tests.Context;
using static Ember.Streaming.Tests.Operators.Batches;

namespace Ember.Streaming.Tests.Operators;

/// <summary>The per-batch operators on any stream, batch by batch, with empty batches in between (Spark's BasicOperationsSuite).</summary>
public class TransformationTests : OperatorTests
{
    // Batch 3 is explicitly empty; batch 5 is past the input, so the queue gives an empty RDD.
    private static readonly int[][] Numbers = [[1, 2, 3, 4], [5], [], [6, 7]];

    [Fact]
    public async Task Map_EachBatch_AppliesSelectorToEveryRecord()
    {
        var outputs = await StreamingTest.RunAsync(Numbers, (DStream<int> s) => s.Map(x => x * 10), batches: 5, options: Options);

        Equal([[10, 20, 30, 40], [50], [], [60, 70], []], outputs);
    }

    [Fact]
    public async Task Map_ChangesType_EachBatchMapped()
    {
        var outputs = await StreamingTest.RunAsync(Numbers, (DStream<int> s) => s.Map(x => $"n{x}"), batches: 3, options: Options);

        Equal([["n1", "n2", "n3", "n4"], ["n5"], []], outputs);
    }

    [Fact]
    public async Task FlatMap_EachBatch_ConcatenatesSelectedSequences()
    {
        var outputs = await StreamingTest.RunAsync(
            [["a b", "c"], [], ["", "d d"]], (DStream<string> s) => s.FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)), batches: 4, options: Options);

        Equal([["a", "b", "c"], [], ["d", "d"], []], outputs);
    }

    [Fact]
    public async Task FlatMap_SelectorReturnsEmpty_BatchIsEmpty()
    {
        var outputs = await StreamingTest.RunAsync(Numbers, (DStream<int> s) => s.FlatMap(x => x % 2 == 0 ? [x, x] : Array.Empty<int>()), batches: 4, options: Options);

        Equal([[2, 2, 4, 4], [], [], [6, 6]], outputs);
    }

    [Fact]
    public async Task Filter_EachBatch_KeepsMatchingRecords()
    {
        var outputs = await StreamingTest.RunAsync(Numbers, (DStream<int> s) => s.Filter(x => x % 2 == 1), batches: 5, options: Options);

        Equal([[1, 3], [5], [], [7], []], outputs);
    }

    [Fact]
    public async Task MapPartitions_TwoPartitionsPerBatch_TransformsEachPartitionAsAWhole()
    {
        // The kit slices each batch contiguously into 2 partitions: [1,2 | 3,4], [ | 5], [ | ], [6 | 7].
        var outputs = await StreamingTest.RunAsync(Numbers, (DStream<int> s) => s.MapPartitions(part => new[] { part.Sum() }), batches: 4, options: Options);

        Equal([[3, 7], [0, 5], [0, 0], [6, 7]], outputs);
    }

    [Fact]
    public async Task MapPartitions_CountsPerPartition_OneRecordPerPartition()
    {
        var outputs = await StreamingTest.RunAsync(Numbers, (DStream<int> s) => s.MapPartitions(part => new[] { part.Count() }), batches: 3, options: Options);

        Equal([[2, 2], [0, 1], [0, 0]], outputs);
    }

    [Fact]
    public async Task Glom_TwoPartitionsPerBatch_OneArrayPerPartition()
    {
        var outputs = await StreamingTest.RunAsync(Numbers, (DStream<int> s) => s.Glom().Map(Sorted), batches: 4, options: Options);

        Equal([["{1,2}", "{3,4}"], ["{5}", "{}"], ["{}", "{}"], ["{6}", "{7}"]], outputs);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Repartition_N_EachBatchHasNPartitionsAndAllRecords(int partitions)
    {
        var outputs = await StreamingTest.RunAsync(
            [Enumerable.Range(1, 12).ToArray(), [], [13]], (DStream<int> s) => s.Repartition(partitions).Glom(), batches: 3, options: Options);

        Assert.Equal(3, outputs.Count);
        Assert.All(outputs, batch => Assert.Equal(partitions, batch.Count));
        Assert.Equal(Enumerable.Range(1, 12), outputs[0].SelectMany(part => part).Order());
        Assert.Empty(outputs[1].SelectMany(part => part));
        Assert.Equal([13], outputs[2].SelectMany(part => part));
    }

    [Fact]
    public async Task Repartition_Twelve_SpreadsRecordsEvenly()
    {
        var outputs = await StreamingTest.RunAsync([Enumerable.Range(1, 12).ToArray()], (DStream<int> s) => s.Repartition(3).Glom(), batches: 1, options: Options);

        // Spark deals records out round-robin from each input partition: 2 x 6 records over 3 partitions is 4 each.
        Assert.Equal([4, 4, 4], outputs[0].Select(part => part.Length));
    }

    [Fact]
    public async Task Union_TwoStreams_EachBatchHasBothStreamsRecords()
    {
        var outputs = await StreamingTest.RunAsync(
            [[1, 2], [], [3], []],
            [[10], [20, 21], [], []],
            (DStream<int> left, DStream<int> right) => left.Union(right),
            batches: 5, options: Options);

        Equal([[1, 2, 10], [20, 21], [3], [], []], outputs);
    }

    [Fact]
    public async Task Union_SameStreamTwice_RecordsDuplicated()
    {
        var outputs = await StreamingTest.RunAsync(Numbers, (DStream<int> s) => s.Union(s), batches: 3, options: Options);

        Equal([[1, 1, 2, 2, 3, 3, 4, 4], [5, 5], []], outputs);
    }

    [Fact]
    public async Task ContextUnion_ThreeStreams_EachBatchHasAllRecords()
    {
        var outputs = await StreamingTest.RunAsync(
            Numbers,
            (DStream<int> s) => s.Context.Union([s, s.Map(x => x * 100), s.Filter(x => x > 4)]),
            batches: 5, options: Options);

        Equal([[1, 2, 3, 4, 100, 200, 300, 400], [5, 500, 5], [], [6, 7, 600, 700, 6, 7], []], outputs);
    }

    [Fact]
    public async Task Count_BatchesWithEmptyOnes_ExactlyOneRecordPerBatchZeroWhenEmpty()
    {
        var outputs = await StreamingTest.RunAsync(Numbers, (DStream<int> s) => s.Count(), batches: 6, options: Options);

        Assert.Equal([[4L], [1L], [0L], [2L], [0L], [0L]], outputs);
    }

    [Fact]
    public async Task Count_ManyPartitions_OneRecordPerBatch()
    {
        var outputs = await StreamingTest.RunAsync([Enumerable.Range(0, 100).ToArray(), []], (DStream<int> s) => s.Repartition(7).Count(), batches: 2, options: Options);

        Assert.Equal([[100L], [0L]], outputs);
    }

    [Fact]
    public async Task Reduce_BatchesWithEmptyOnes_OneRecordPerNonEmptyBatchNothingForEmpty()
    {
        var outputs = await StreamingTest.RunAsync(Numbers, (DStream<int> s) => s.Reduce((a, b) => a + b), batches: 5, options: Options);

        Assert.Equal([[10], [5], [], [13], []], outputs);
    }

    [Fact]
    public async Task Reduce_OneEmptyPartition_SkipsIt()
    {
        // Batch 2 is [ | 5]: its first partition is empty and must not contribute a default value.
        var outputs = await StreamingTest.RunAsync(Numbers, (DStream<int> s) => s.Reduce(Math.Max).Map(x => x * 2), batches: 2, options: Options);

        Assert.Equal([[8], [10]], outputs);
    }

    [Fact]
    public async Task CountByValue_EachBatch_CountsDistinctRecords()
    {
        var outputs = await StreamingTest.RunAsync(
            [["a", "b", "a", "a"], [], ["c", "b"]], (DStream<string> s) => s.CountByValue(), batches: 4, options: Options);

        Equal([[("a", 3L), ("b", 1L)], [], [("b", 1L), ("c", 1L)], []], outputs);
    }

    [Fact]
    public async Task CountByValue_Partitions_UsesThatManyPartitions()
    {
        var outputs = await StreamingTest.RunAsync([["a", "b", "c", "d"]], (DStream<string> s) => s.CountByValue(partitions: 3).Glom(), batches: 1, options: Options);

        Assert.Equal(3, outputs[0].Count);
        Assert.Equal(4, outputs[0].Sum(part => part.Length));
    }

    [Fact]
    public async Task Transform_AnyRddOperation_AppliedToEachBatch()
    {
        var outputs = await StreamingTest.RunAsync(
            [[3, 1, 3, 2], [], [5, 5]], (DStream<int> s) => s.Transform(rdd => rdd.Distinct().Map(x => -x)), batches: 3, options: Options);

        Equal([[-1, -2, -3], [], [-5]], outputs);
    }

    [Fact]
    public async Task Transform_JoinWithAStaticRdd_EachBatchJoined()
    {
        var outputs = await StreamingTest.RunAsync(
            [["a", "b"], [], ["b", "z"]],
            (DStream<string> s) =>
            {
                var names = s.Context.EmberContext.Parallelize(new (string Key, string Value)[] { ("a", "alpha"), ("b", "beta") });
                return s.Transform(rdd => rdd.Map(key => (Key: key, Value: 1)).Join(names).Map(pair => pair.Value.Right));
            },
            batches: 3, options: Options);

        Equal([["alpha", "beta"], [], ["beta"]], outputs);
    }

    [Fact]
    public async Task Count_OfWindowSlidingTwo_OneRecordPerWindowOnly()
    {
        var outputs = await StreamingTest.RunAsync(Numbers, (DStream<int> s) => s.Window(Seconds(2), Seconds(2)).Count(), batches: 6, options: Options);

        Assert.Equal([[5L], [2L], [0L]], outputs);
    }

    [Fact]
    public async Task Transform_WithTime_SeesAlignedIncreasingBatchTimesOneIntervalApart()
    {
        var outputs = await StreamingTest.RunAsync(
            Numbers, (DStream<int> s) => s.Transform((rdd, time) => rdd.Context.Parallelize(new[] { time.Milliseconds }, 1)), batches: 5, options: Options);

        Assert.Equal(5, outputs.Count);
        var times = outputs.Select(batch => Assert.Single(batch)).ToList();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => FirstBatchMs + (i * 1000L)), times);
        Assert.All(times, ms => Assert.Equal(0, ms % 1000));
    }

    [Fact]
    public async Task Transform_WithTimeTwoSecondBatches_TimesTwoSecondsApart()
    {
        var outputs = await StreamingTest.RunAsync(
            Numbers, (DStream<int> s) => s.Transform((rdd, time) => rdd.Map(x => (time.Milliseconds, x))), batches: 3, batchInterval: Seconds(2), options: Options);

        var times = outputs.Select(batch => batch.Select(pair => pair.Item1).Distinct().ToList()).ToList();
        Assert.Equal(3, times.Count);
        Assert.Equal(times[0][0] + 2000, times[1][0]);
        Assert.Empty(times[2]);
        Assert.Equal(0, times[0][0] % 2000);
    }

    [Fact]
    public async Task TransformWith_TwoStreams_CombinesSameBatchRdds()
    {
        var outputs = await StreamingTest.RunAsync(
            [[1, 2], [], [3]],
            [["x"], ["y", "z"], []],
            (DStream<int> numbers, DStream<string> letters) => numbers.TransformWith(letters, (n, l) => n.Map(x => x.ToString()).Union(l)),
            batches: 4, options: Options);

        Equal([["1", "2", "x"], ["y", "z"], ["3"], []], outputs);
    }

    [Fact]
    public async Task TransformWith_WithTime_GetsBatchTime()
    {
        var outputs = await StreamingTest.RunAsync(
            [[1], [2]],
            [[10], []],
            (DStream<int> a, DStream<int> b) => a.TransformWith(b, (l, r, time) => l.Union(r).Map(x => (time.Milliseconds - FirstBatchMs, x))),
            batches: 3, options: Options);

        Equal([[(0L, 1), (0L, 10)], [(1000L, 2)], []], outputs);
    }

    [Fact]
    public async Task QuerySyntax_WhereSelect_FiltersThenMaps()
    {
        var outputs = await StreamingTest.RunAsync(
            Numbers, (DStream<int> s) => from x in s where x % 2 == 0 select x * 10, batches: 4, options: Options);

        Equal([[20, 40], [], [], [60]], outputs);
    }

    [Fact]
    public async Task QuerySyntax_TwoFroms_FlatMapsWithResultSelector()
    {
        var outputs = await StreamingTest.RunAsync(
            [[1, 3], [], [2]], (DStream<int> s) => from x in s from y in Enumerable.Range(0, x) select $"{x}:{y}", batches: 3, options: Options);

        Equal([["1:0", "3:0", "3:1", "3:2"], [], ["2:0", "2:1"]], outputs);
    }

    [Fact]
    public async Task SelectMany_MethodForm_FlatMaps()
    {
        var outputs = await StreamingTest.RunAsync([[2], [0]], (DStream<int> s) => s.SelectMany(x => Enumerable.Repeat(x, x)), batches: 2, options: Options);

        Equal([[2, 2], []], outputs);
    }

    [Fact]
    public async Task ChainedNarrowOperators_EachBatch_ComposeInOrder()
    {
        var outputs = await StreamingTest.RunAsync(
            Numbers, (DStream<int> s) => s.Filter(x => x > 1).Map(x => x * 2).Filter(x => x % 4 == 0).FlatMap(x => new[] { x, -x }), batches: 4, options: Options);

        Equal([[4, -4, 8, -8], [], [], [12, -12]], outputs);
    }
}

/// <summary>
/// What of <see cref="TransformationTests"/> never runs a batch on the test's backend: the checks made when a stream is
/// built, and a Transform returning null (caught on the driver, with the harness's local engine). The same on every
/// backend, so these run once, in process, and not again on the cluster.
/// </summary>
public sealed class TransformationInProcessTests
{
    [Fact]
    public async Task Union_DifferentSlides_ThrowsArgumentException() =>
        await WithStreamAsync<int>(s =>
        {
            var error = Assert.Throws<ArgumentException>(() => s.Union(s.Window(Seconds(2), Seconds(2))));
            Assert.Contains("slide", error.Message);
        });

    [Fact]
    public async Task ContextUnion_DifferentSlides_ThrowsArgumentException() =>
        await WithStreamAsync<int>(s => Assert.Throws<ArgumentException>(() => s.Context.Union([s, s.Window(Seconds(2), Seconds(2))])));

    [Fact]
    public async Task ContextUnion_NoStreams_ThrowsArgumentException() =>
        await WithStreamAsync<int>(s => Assert.Throws<ArgumentException>(() => s.Context.Union(Array.Empty<DStream<int>>())));

    [Fact]
    public async Task Transform_ReturnsNull_FailsBatchWithSparksMessage() =>
        await AssertBatchFailsOnNullTransformAsync(h => h.Queue<int>([1]).Transform<int, int>(_ => null!));

    [Fact]
    public async Task TransformWith_ReturnsNull_FailsBatchWithSparksMessage() =>
        await AssertBatchFailsOnNullTransformAsync(h => h.Queue<int>([1]).TransformWith<int, int, int>(h.Queue<int>([2]), (_, _) => null!));

    [Fact]
    public async Task TransformWith_DifferentSlides_ThrowsArgumentException() =>
        await WithStreamAsync<int>(s =>
            Assert.Throws<ArgumentException>(() => s.TransformWith(s.Window(Seconds(3), Seconds(3)), (a, b) => a.Union(b))));

    /// <summary>Runs one batch of <paramref name="build"/>'s stream: it must fail the context with Spark's message, and output nothing.</summary>
    private static async Task AssertBatchFailsOnNullTransformAsync(Func<StreamingHarness, DStream<int>> build)
    {
        await using var h = new StreamingHarness();
        var outputs = new List<IReadOnlyList<int>>();
        build(h).ForEachRdd(rdd => outputs.Add(rdd.Collect()));
        h.Context.Start();

        h.GenerateBatch();

        var error = await Assert.ThrowsAsync<StreamingJobException>(() => h.Context.AwaitTerminationAsync().WaitAsync(StreamingHarness.SafetyNet));
        Assert.StartsWith("Transform function must not return null", error.InnerException?.Message);
        Assert.Empty(outputs);
    }
}

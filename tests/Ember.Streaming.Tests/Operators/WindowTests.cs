using Ember.Storage;
using Ember.Streaming.Testing;
using Ember.Streaming.Tests.Context;
using static Ember.Streaming.Tests.Operators.Batches;

namespace Ember.Streaming.Tests.Operators;

/// <summary>
/// Windowed operators: a window of length w at time t holds the batches in (t - w, t]; early windows hold fewer
/// batches; a stream with slide s produces an RDD only every s.
/// </summary>
public class WindowTests : OperatorTests
{
    private static readonly int[][] OnePerBatch = [[1], [2], [3], [4], [5], [6], [7], [8]];

    [Fact]
    public async Task Window_ThreeBatchesSlideOne_EarlyPartialWindowsThenSliding()
    {
        var outputs = await StreamingTest.RunAsync(OnePerBatch.Take(4), (DStream<int> s) => s.Window(Seconds(3)), batches: 7, options: Options);

        Equal([[1], [1, 2], [1, 2, 3], [2, 3, 4], [3, 4], [4], []], outputs);
    }

    [Fact]
    public async Task Window_ExplicitSlideOne_SameAsDefaultSlide()
    {
        var outputs = await StreamingTest.RunAsync(OnePerBatch.Take(3), (DStream<int> s) => s.Window(Seconds(2), Seconds(1)), batches: 4, options: Options);

        Equal([[1], [1, 2], [2, 3], [3]], outputs);
    }

    [Fact]
    public async Task Window_SlideTwoBatches_OutputsEveryTwoBatchesOnly()
    {
        var outputs = await StreamingTest.RunAsync(OnePerBatch.Take(6), (DStream<int> s) => s.Window(Seconds(4), Seconds(2)), batches: 7, options: Options);

        // Outputs at batches 2, 4 and 6 (batch 7 is not a slide time).
        Equal([[1, 2], [1, 2, 3, 4], [3, 4, 5, 6]], outputs);
    }

    [Fact]
    public async Task Window_Tumbling_EachBatchInExactlyOneWindow()
    {
        var outputs = await StreamingTest.RunAsync(OnePerBatch, (DStream<int> s) => s.Window(Seconds(3), Seconds(3)), batches: 8, options: Options);

        Equal([[1, 2, 3], [4, 5, 6]], outputs);
    }

    [Fact]
    public async Task Window_ShorterThanSlide_OnlyTheLastBatchesOfEachSlide()
    {
        var outputs = await StreamingTest.RunAsync(OnePerBatch.Take(6), (DStream<int> s) => s.Window(Seconds(1), Seconds(2)), batches: 6, options: Options);

        Equal([[2], [4], [6]], outputs);
    }

    [Fact]
    public async Task Window_OfAWindow_UsesTheParentsSlide()
    {
        var outputs = await StreamingTest.RunAsync(OnePerBatch, (DStream<int> s) => s.Window(Seconds(2), Seconds(2)).Window(Seconds(4), Seconds(4)), batches: 8, options: Options);

        Equal([[1, 2, 3, 4], [5, 6, 7, 8]], outputs);
    }

    [Fact]
    public async Task Window_PairsReducedPerWindow_KeysDisappearWhenTheirBatchesLeave()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1), ("b", 1)], [("a", 1)], [], [("c", 1)]],
            (DStream<(string Key, int Value)> s) => s.Window(Seconds(2)).ReduceByKey((x, y) => x + y),
            batches: 6, options: Options);

        Equal([[("a", 1), ("b", 1)], [("a", 2), ("b", 1)], [("a", 1)], [("c", 1)], [("c", 1)], []], outputs);
    }

    [Fact]
    public async Task Window_BatchesWithSeveralRecords_RecordsNotDuplicated()
    {
        var outputs = await StreamingTest.RunAsync([[1, 2, 3], [4, 5], [], [6]], (DStream<int> s) => s.Window(Seconds(2)).Count(), batches: 6, options: Options);

        Assert.Equal([[3L], [5L], [2L], [1L], [1L], [0L]], outputs);
    }

    [Fact]
    public async Task CountByWindow_ThreeBatchWindow_CountsRecordsUntilZero()
    {
        var outputs = await StreamingTest.RunAsync(
            [["a", "b"], ["c"], [], ["d"]], (DStream<string> s) => s.CountByWindow(Seconds(3), Seconds(1)), batches: 7, options: Options);

        Assert.Equal([[2L], [3L], [3L], [2L], [1L], [1L], [0L]], outputs);
    }

    [Fact]
    public async Task CountByWindow_SlideTwo_CountsEveryTwoBatches()
    {
        var outputs = await StreamingTest.RunAsync(
            [["a"], ["b", "c"], ["d"], [], [], []], (DStream<string> s) => s.CountByWindow(Seconds(4), Seconds(2)), batches: 8, options: Options);

        Assert.Equal([[3L], [4L], [1L], [0L]], outputs);
    }

    [Fact]
    public async Task CountByWindow_BeforeAnyData_EmitsNothingAsSpark()
    {
        // Spark's countByWindow is reduceByWindow with an inverse: no record until the first data arrives, then 0 once it left.
        var outputs = await StreamingTest.RunAsync(
            [[], ["a"]], (DStream<string> s) => s.CountByWindow(Seconds(2), Seconds(1)), batches: 4, options: Options);

        Assert.Equal([[], [1L], [1L], [0L]], outputs);
    }

    [Fact]
    public async Task ReduceByWindow_WithoutInverse_ReducesEachWindowNothingForEmptyWindow()
    {
        var outputs = await StreamingTest.RunAsync(
            [[1, 2], [3], [], [4]], (DStream<int> s) => s.ReduceByWindow((a, b) => a + b, Seconds(2), Seconds(1)), batches: 6, options: Options);

        Assert.Equal([[3], [6], [3], [4], [4], []], outputs);
    }

    [Fact]
    public async Task ReduceByWindow_WithInverse_IncrementalAndZeroOnceDataLeft()
    {
        var outputs = await StreamingTest.RunAsync(
            [[1, 2], [3], [], [4]], (DStream<int> s) => s.ReduceByWindow((a, b) => a + b, (a, b) => a - b, Seconds(2), Seconds(1)), batches: 6, options: Options);

        Assert.Equal([[3], [6], [3], [4], [4], [0]], outputs);
    }

    [Fact]
    public async Task ReduceByWindow_SlideTwoBothForms_SameResults()
    {
        int[][] input = [[1], [2, 3], [4], [5], [], [6], [7]];
        var plain = await StreamingTest.RunAsync(input, (DStream<int> s) => s.ReduceByWindow((a, b) => a + b, Seconds(3), Seconds(2)), batches: 8, options: Options);
        var inverse = await StreamingTest.RunAsync(input, (DStream<int> s) => s.ReduceByWindow((a, b) => a + b, (a, b) => a - b, Seconds(3), Seconds(2)), batches: 8, options: Options);

        // Windows at batches 2, 4, 6, 8 hold batches 1-2, 2-4, 4-6, 6-8.
        Assert.Equal([[6], [14], [11], [13]], plain);
        Assert.Equal(plain, inverse);
    }

    [Fact]
    public async Task ReduceByWindow_Max_NonInvertibleReducerWorksWithoutInverse()
    {
        var outputs = await StreamingTest.RunAsync(
            [[5, 1], [3], [2]], (DStream<int> s) => s.ReduceByWindow(Math.Max, Seconds(2), Seconds(1)), batches: 4, options: Options);

        Assert.Equal([[5], [5], [3], [2]], outputs);
    }

    [Fact]
    public async Task CountByValueAndWindow_ValuesLeaveTheWindow_DroppedWhenCountFallsToZero()
    {
        var outputs = await StreamingTest.RunAsync(
            [["a", "a", "b"], ["b"], [], ["c"]], (DStream<string> s) => s.CountByValueAndWindow(Seconds(2), Seconds(1)), batches: 6, options: Options);

        Equal(
            [
                [("a", 2L), ("b", 1L)],
                [("a", 2L), ("b", 2L)],
                [("b", 1L)],
                [("c", 1L)],
                [("c", 1L)],
                [],
            ],
            outputs);
    }

    [Fact]
    public async Task CountByValueAndWindow_SlideTwo_CountsEveryTwoBatches()
    {
        var outputs = await StreamingTest.RunAsync(
            [["x"], ["x", "y"], ["y"], [], [], ["z"]], (DStream<string> s) => s.CountByValueAndWindow(Seconds(4), Seconds(2)), batches: 8, options: Options);

        Equal([[("x", 2L), ("y", 1L)], [("x", 2L), ("y", 2L)], [("y", 1L), ("z", 1L)], [("z", 1L)]], outputs);
    }

    [Fact]
    public async Task GroupByKeyAndWindow_SlideOne_AllValuesOfTheWindowPerKey()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1), ("b", 2)], [("a", 3)], [], []],
            (DStream<(string Key, int Value)> s) => s.GroupByKeyAndWindow(Seconds(2)).Map(pair => (pair.Key, Sorted(pair.Value))),
            batches: 4, options: Options);

        Equal([[("a", "{1}"), ("b", "{2}")], [("a", "{1,3}"), ("b", "{2}")], [("a", "{3}")], []], outputs);
    }

    [Fact]
    public async Task GroupByKeyAndWindow_SlideTwo_GroupsEveryTwoBatches()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)], [("a", 2), ("b", 1)], [("a", 3)], [], [("b", 2)], []],
            (DStream<(string Key, int Value)> s) => s.GroupByKeyAndWindow(Seconds(3), Seconds(2), partitions: 2).Map(pair => (pair.Key, Sorted(pair.Value))),
            batches: 6, options: Options);

        // Windows at batches 2, 4 and 6 hold batches 1-2, 2-4 and 4-6.
        Equal([[("a", "{1,2}"), ("b", "{1}")], [("a", "{2,3}"), ("b", "{1}")], [("b", "{2}")]], outputs);
    }
}

/// <summary>
/// What of <see cref="WindowTests"/> never runs a batch on the test's backend: the checks of durations made when a
/// windowed stream is built, and where Persist lands (read on the driver's streams, with the harness's local engine).
/// The same on every backend, so these run once, in process, and not again on the cluster.
/// </summary>
public sealed class WindowInProcessTests
{
    public static TheoryData<string> WindowedOperations => [.. Operations.Keys];

    private static readonly Dictionary<string, Action<DStream<(string Key, int Value)>, TimeSpan, TimeSpan>> Operations = new()
    {
        ["Window"] = (s, w, sl) => s.Window(w, sl),
        ["CountByWindow"] = (s, w, sl) => s.CountByWindow(w, sl),
        ["ReduceByWindow"] = (s, w, sl) => s.Map(p => p.Value).ReduceByWindow((a, b) => a + b, w, sl),
        ["ReduceByWindowWithInverse"] = (s, w, sl) => s.Map(p => p.Value).ReduceByWindow((a, b) => a + b, (a, b) => a - b, w, sl),
        ["CountByValueAndWindow"] = (s, w, sl) => s.CountByValueAndWindow(w, sl),
        ["GroupByKeyAndWindow"] = (s, w, sl) => s.GroupByKeyAndWindow(w, sl),
        ["ReduceByKeyAndWindow"] = (s, w, sl) => s.ReduceByKeyAndWindow((a, b) => a + b, w, sl),
        ["ReduceByKeyAndWindowWithInverse"] = (s, w, sl) => s.ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, w, sl),
    };

    [Theory]
    [MemberData(nameof(WindowedOperations))]
    public async Task WindowedOperation_WindowNotAMultipleOfTheBatch_ArgumentExceptionNamingBothDurations(string operation) =>
        await WithStreamAsync<(string Key, int Value)>(s =>
        {
            var error = Assert.Throws<ArgumentException>(() => Operations[operation](s, TimeSpan.FromMilliseconds(1500), Seconds(1)));
            Assert.Contains("1500 ms", error.Message);
            Assert.Contains("1000 ms", error.Message);
        });

    [Theory]
    [MemberData(nameof(WindowedOperations))]
    public async Task WindowedOperation_SlideNotAMultipleOfTheBatch_ArgumentExceptionNamingBothDurations(string operation) =>
        await WithStreamAsync<(string Key, int Value)>(s =>
        {
            var error = Assert.Throws<ArgumentException>(() => Operations[operation](s, Seconds(2), TimeSpan.FromMilliseconds(500)));
            Assert.Contains("500 ms", error.Message);
            Assert.Contains("1000 ms", error.Message);
        });

    [Theory]
    [MemberData(nameof(WindowedOperations))]
    public async Task WindowedOperation_ZeroWindow_ArgumentOutOfRangeException(string operation) =>
        await WithStreamAsync<(string Key, int Value)>(s =>
            Assert.Throws<ArgumentOutOfRangeException>(() => Operations[operation](s, TimeSpan.Zero, Seconds(1))));

    [Theory]
    [MemberData(nameof(WindowedOperations))]
    public async Task WindowedOperation_NegativeWindow_ArgumentOutOfRangeException(string operation) =>
        await WithStreamAsync<(string Key, int Value)>(s =>
            Assert.Throws<ArgumentOutOfRangeException>(() => Operations[operation](s, Seconds(-2), Seconds(1))));

    [Theory]
    [MemberData(nameof(WindowedOperations))]
    public async Task WindowedOperation_ZeroSlide_ArgumentOutOfRangeException(string operation) =>
        await WithStreamAsync<(string Key, int Value)>(s =>
            Assert.Throws<ArgumentOutOfRangeException>(() => Operations[operation](s, Seconds(2), TimeSpan.Zero)));

    [Theory]
    [MemberData(nameof(WindowedOperations))]
    public async Task WindowedOperation_NegativeSlide_ArgumentOutOfRangeException(string operation) =>
        await WithStreamAsync<(string Key, int Value)>(s =>
            Assert.Throws<ArgumentOutOfRangeException>(() => Operations[operation](s, Seconds(2), Seconds(-1))));

    [Fact]
    public async Task Persist_OnWindowedStream_AppliesToParentSoEachBatchIsKeptOnce()
    {
        await using var h = new StreamingHarness();
        var input = h.Queue<int>([1], [2], [3]);
        var windowed = input.Window(Seconds(3));
        var sums = new List<int>();
        windowed.Persist(StorageLevel.MemoryOnlySerialized).ForEachRdd(rdd => sums.Add(rdd.Collect().Sum()));
        h.Context.Start();

        await h.RunBatchesAsync(3);

        Assert.Equal([1, 3, 6], sums);
        Assert.Equal(StorageLevel.MemoryOnlySerialized, input.StorageLevel);
        Assert.Equal(StorageLevel.None, windowed.StorageLevel);
        Assert.All(windowed.GeneratedRdds, pair => Assert.Equal(StorageLevel.None, pair.Rdd.StorageLevel));
        Assert.All(input.GeneratedRdds, pair => Assert.Equal(StorageLevel.MemoryOnlySerialized, pair.Rdd.StorageLevel));
    }

    [Fact]
    public async Task Window_NotAMultipleOfTheParentWindowsSlide_ArgumentExceptionNamingBoth() =>
        await WithStreamAsync<int>(s =>
        {
            var error = Assert.Throws<ArgumentException>(() => s.Window(Seconds(2), Seconds(2)).Window(Seconds(3), Seconds(2)));
            Assert.Contains("3000 ms", error.Message);
            Assert.Contains("2000 ms", error.Message);
        });
}

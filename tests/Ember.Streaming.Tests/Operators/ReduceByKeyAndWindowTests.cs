using Ember.Streaming.Testing;
using static Ember.Streaming.Tests.Operators.Batches;

namespace Ember.Streaming.Tests.Operators;

/// <summary>
/// ReduceByKeyAndWindow in its three forms: without an inverse (keys vanish with their values), with an inverse (keys
/// stay with their "zero" value, as Spark), and with an inverse and a filter (dropped).
/// </summary>
public class ReduceByKeyAndWindowTests : OperatorTests
{
    private static readonly (string, int)[][] Input = [[("a", 1), ("b", 1)], [("a", 1)], [], [("b", 1)]];

    private static int Add(int a, int b) => a + b;

    private static int Subtract(int a, int b) => a - b;

    [Fact]
    public async Task ReduceByKeyAndWindow_WithoutInverse_KeysDisappearWhenTheirValuesLeave()
    {
        var outputs = await StreamingTest.RunAsync(Input, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Seconds(2)), batches: 6, options: Options);

        Equal([[("a", 1), ("b", 1)], [("a", 2), ("b", 1)], [("a", 1)], [("b", 1)], [("b", 1)], []], outputs);
    }

    [Fact]
    public async Task ReduceByKeyAndWindow_WithInverse_KeysWhoseValuesAllLeftStayWithZero()
    {
        var outputs = await StreamingTest.RunAsync(Input, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Subtract, Seconds(2)), batches: 6, options: Options);

        Equal([[("a", 1), ("b", 1)], [("a", 2), ("b", 1)], [("a", 1), ("b", 0)], [("a", 0), ("b", 1)], [("a", 0), ("b", 1)], [("a", 0), ("b", 0)]], outputs);
    }

    [Fact]
    public async Task ReduceByKeyAndWindow_WithInverseAndFilter_ZeroKeysDropped()
    {
        var outputs = await StreamingTest.RunAsync(
            Input, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Subtract, Seconds(2), filter: pair => pair.Value != 0), batches: 6, options: Options);

        Equal([[("a", 1), ("b", 1)], [("a", 2), ("b", 1)], [("a", 1)], [("b", 1)], [("b", 1)], []], outputs);
    }

    [Fact]
    public async Task ReduceByKeyAndWindow_WithInverseKeyReturns_CountsOnlyNewValues()
    {
        (string, int)[][] input = [[("a", 5)], [], [], [("a", 7)]];
        var kept = await StreamingTest.RunAsync(input, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Subtract, Seconds(2)), batches: 6, options: Options);
        var filtered = await StreamingTest.RunAsync(
            input, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Subtract, Seconds(2), filter: pair => pair.Value != 0), batches: 6, options: Options);

        Equal([[("a", 5)], [("a", 5)], [("a", 0)], [("a", 7)], [("a", 7)], [("a", 0)]], kept);
        Equal([[("a", 5)], [("a", 5)], [], [("a", 7)], [("a", 7)], []], filtered);
    }

    [Fact]
    public async Task ReduceByKeyAndWindow_SlideTwoWithoutInverse_OutputsEveryTwoBatches()
    {
        var outputs = await StreamingTest.RunAsync(
            SlideTwoInput, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Seconds(4), Seconds(2)), batches: 8, options: Options);

        Equal([[("a", 1), ("b", 2)], [("a", 4), ("b", 2)], [("a", 3)], [("c", 1)]], outputs);
    }

    [Fact]
    public async Task ReduceByKeyAndWindow_SlideTwoWithInverse_OutputsEveryTwoBatchesKeepingZeros()
    {
        var outputs = await StreamingTest.RunAsync(
            SlideTwoInput, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Subtract, Seconds(4), Seconds(2)), batches: 8, options: Options);

        Equal([[("a", 1), ("b", 2)], [("a", 4), ("b", 2)], [("a", 3), ("b", 0)], [("a", 0), ("b", 0), ("c", 1)]], outputs);
    }

    private static readonly (string, int)[][] SlideTwoInput = [[("a", 1)], [("b", 2)], [("a", 3)], [], [], [], [("c", 1)], []];

    [Fact]
    public async Task ReduceByKeyAndWindow_WindowThreeSlideTwo_BothFormsAgree()
    {
        (string, int)[][] input = [[("a", 1)], [("a", 2)], [("a", 4)], [("a", 8)], [("a", 16)], [("a", 32)]];
        var plain = await StreamingTest.RunAsync(input, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Seconds(3), Seconds(2)), batches: 6, options: Options);
        var inverse = await StreamingTest.RunAsync(input, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Subtract, Seconds(3), Seconds(2)), batches: 6, options: Options);

        // Windows at batches 2, 4 and 6 hold batches 1-2, 2-4 and 4-6.
        Equal([[("a", 3)], [("a", 14)], [("a", 56)]], plain);
        Equal([[("a", 3)], [("a", 14)], [("a", 56)]], inverse);
    }

    [Theory]
    [InlineData(1, 2, new[] { 2, 8, 32 })]
    [InlineData(1, 3, new[] { 4, 32 })]
    [InlineData(2, 3, new[] { 6, 48 })]
    public async Task ReduceByKeyAndWindow_WithInverseSlideLongerThanWindow_EachWindowHoldsOnlyItsOwnBatches(int window, int slide, int[] expected)
    {
        // Batch i holds 2^(i-1), so every sum tells which batches were counted. The window of length w at t holds
        // (t - w, t] only; the batches between two windows belong to neither.
        (string, int)[][] input = [[("a", 1)], [("a", 2)], [("a", 4)], [("a", 8)], [("a", 16)], [("a", 32)]];
        var outputs = await StreamingTest.RunAsync(
            input,
            (DStream<(string Key, int Value)> s) => EveryBatch(s, Seconds(slide)).Union(s.ReduceByKeyAndWindow(Add, Subtract, Seconds(window), Seconds(slide))),
            batches: 6, options: Options);

        Equal(expected.Select(sum => new[] { ("a", sum) }), outputs);
    }

    [Theory]
    [InlineData(1, 2, new[] { 2, 8, 32 })]
    [InlineData(2, 3, new[] { 6, 48 })]
    public async Task ReduceByKeyAndWindow_WithoutInverseSlideLongerThanWindow_EachWindowHoldsOnlyItsOwnBatches(int window, int slide, int[] expected)
    {
        (string, int)[][] input = [[("a", 1)], [("a", 2)], [("a", 4)], [("a", 8)], [("a", 16)], [("a", 32)]];
        var outputs = await StreamingTest.RunAsync(
            input,
            (DStream<(string Key, int Value)> s) => EveryBatch(s, Seconds(slide)).Union(s.ReduceByKeyAndWindow(Add, Seconds(window), Seconds(slide))),
            batches: 6, options: Options);

        Equal(expected.Select(sum => new[] { ("a", sum) }), outputs);
    }

    /// <summary>
    /// Nothing, but computes <paramref name="stream"/> at every batch in order, so the kit's queue feeds input batch i
    /// to batch time i even when the operator under test skips batches (see WindowTests.Window_ShorterThanSlide_...).
    /// </summary>
    private static DStream<(string Key, int Value)> EveryBatch(DStream<(string Key, int Value)> stream, TimeSpan slide) =>
        stream.Window(slide, slide).Filter(_ => false);

    [Fact]
    public async Task ReduceByKeyAndWindow_ManyValuesPerKeyPerBatch_ReducedOnce()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1), ("a", 2), ("a", 3), ("b", 10)], [("a", 4), ("b", 20), ("b", 30)], [("c", 0)]],
            (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Subtract, Seconds(2)),
            batches: 4, options: Options);

        Equal([[("a", 6), ("b", 10)], [("a", 10), ("b", 60)], [("a", 4), ("b", 50), ("c", 0)], [("a", 0), ("b", 0), ("c", 0)]], outputs);
    }

    [Fact]
    public async Task ReduceByKeyAndWindow_WithInverseOverManyBatches_StaysCorrectPastCheckpoints()
    {
        // 25 batches: past the default state checkpoint interval (10 s) twice, with RDDs forgotten behind the window.
        var input = Enumerable.Range(1, 25).Select(i => new[] { ("k", i), ($"once{i % 4}", 1) }).ToArray();
        var outputs = await StreamingTest.RunAsync(
            input, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Subtract, Seconds(3), filter: pair => pair.Value != 0), batches: 25, options: Options);

        Assert.Equal(25, outputs.Count);
        for (var batch = 1; batch <= 25; batch++)
        {
            var inWindow = Enumerable.Range(Math.Max(1, batch - 2), Math.Min(batch, 3)).ToList();
            var expected = inWindow.Select(i => ("k", i)).Concat(inWindow.Select(i => ($"once{i % 4}", 1)))
                .GroupBy(pair => pair.Item1, pair => pair.Item2)
                .Select(group => (group.Key, group.Sum()));
            Assert.Equal(Format(expected), Format(outputs[batch - 1].Select(pair => (pair.Key, pair.Value))));
        }
    }

    [Fact]
    public async Task ReduceByKeyAndWindow_Partitions_OutputHasThatManyPartitionsBothForms()
    {
        var plain = await StreamingTest.RunAsync(Input, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Seconds(2), partitions: 3).Glom(), batches: 2, options: Options);
        var inverse = await StreamingTest.RunAsync(Input, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow(Add, Subtract, Seconds(2), partitions: 3).Glom(), batches: 2, options: Options);

        Assert.All(plain, batch => Assert.Equal(3, batch.Count));
        Assert.All(inverse, batch => Assert.Equal(3, batch.Count));
    }

    [Fact]
    public async Task ReduceByKeyAndWindow_DefaultSlide_IsTheStreamsSlide()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)], [("a", 1)], [("a", 1)], [("a", 1)]],
            (DStream<(string Key, int Value)> s) => s.Window(Seconds(2), Seconds(2)).ReduceByKeyAndWindow(Add, Subtract, Seconds(4)),
            batches: 4, options: Options);

        // The parent slides every 2 s, so the default slide is 2 s: outputs at batches 2 and 4.
        Equal([[("a", 2)], [("a", 4)]], outputs);
    }
}

using Ember.Streaming.Testing;
using static Ember.Streaming.Tests.Operators.Batches;

namespace Ember.Streaming.Tests.Operators;

/// <summary>
/// UpdateStateByKey in all its forms: the function is called for every key with a state or new values, every batch;
/// returning None removes the key.
/// </summary>
public class UpdateStateByKeyTests : OperatorTests
{
    private static readonly (string, int)[][] Input = [[("a", 1), ("b", 2), ("a", 3)], [], [("b", 5), ("c", 1)], [("a", 10)]];

    // The running sums of Input over 5 batches (the last one past the input).
    private static readonly (string, int)[][] RunningSums =
    [
        [("a", 4), ("b", 2)],
        [("a", 4), ("b", 2)],
        [("a", 4), ("b", 7), ("c", 1)],
        [("a", 14), ("b", 7), ("c", 1)],
        [("a", 14), ("b", 7), ("c", 1)],
    ];

    private static Option<int> Sum(IReadOnlyList<int> values, Option<int> state) => Option.Some(state.GetValueOrDefault(0) + values.Sum());

    [Fact]
    public async Task UpdateStateByKey_RunningSum_StateCarriedAcrossBatchesIncludingEmptyOnes()
    {
        var outputs = await StreamingTest.RunAsync(Input, (DStream<(string Key, int Value)> s) => s.UpdateStateByKey<string, int, int>(Sum), batches: 5, options: Options);

        Equal(RunningSums, outputs);
    }

    [Fact]
    public async Task UpdateStateByKey_UntypedLambdaAsInScala_CompilesAndSums()
    {
        // Spark's old StatefulNetworkWordCount update function, with no type written and no Some: a plain int converts.
        var outputs = await StreamingTest.RunAsync(
            Input, (DStream<(string Key, int Value)> s) => s.UpdateStateByKey((values, state) => values.Sum() + state.GetValueOrDefault(0)), batches: 5, options: Options);

        Equal(RunningSums, outputs);
    }

    [Fact]
    public async Task UpdateStateByKey_UntypedLambdaReturningNoneOrAValue_RemovesOrKeepsKey()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1), ("b", 1)], [("a", 1)], [("b", 5)]],
            (DStream<(string Key, int Value)> s) => s.UpdateStateByKey((values, state) => values.Count == 0 ? Option<int>.None : values.Sum() + state.GetValueOrDefault(0)),
            batches: 3, options: Options);

        Equal([[("a", 1), ("b", 1)], [("a", 2)], [("b", 5)]], outputs);
    }

    [Fact]
    public async Task UpdateStateByKey_MethodGroup_CompilesWithoutTypeArguments()
    {
        var outputs = await StreamingTest.RunAsync(Input, (DStream<(string Key, int Value)> s) => s.UpdateStateByKey(Sum), batches: 5, options: Options);

        Equal(RunningSums, outputs);
    }

    [Fact]
    public async Task UpdateStateByKey_KeysWithoutNewValues_FunctionStillCalledEveryBatch()
    {
        // The state counts the calls: a key created in batch 1 is called in every one of the 5 batches.
        var outputs = await StreamingTest.RunAsync(
            Input,
            (DStream<(string Key, int Value)> s) => s.UpdateStateByKey((IReadOnlyList<int> values, Option<(int Calls, int Values)> state) =>
                Option.Some((state.GetValueOrDefault((0, 0)).Calls + 1, state.GetValueOrDefault((0, 0)).Values + values.Count))),
            batches: 5, options: Options);

        Equal(
            [
                [("a", (1, 2)), ("b", (1, 1))],
                [("a", (2, 2)), ("b", (2, 1))],
                [("a", (3, 2)), ("b", (3, 2)), ("c", (1, 1))],
                [("a", (4, 3)), ("b", (4, 2)), ("c", (2, 1))],
                [("a", (5, 3)), ("b", (5, 2)), ("c", (3, 1))],
            ],
            outputs);
    }

    [Fact]
    public async Task UpdateStateByKey_ReturnsNone_KeyRemovedAndAbsentFromLaterBatches()
    {
        // A key is dropped the first batch it gets no value; it starts again from None when values come back.
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1), ("b", 1)], [("a", 1)], [("a", 1)], [("b", 5)]],
            (DStream<(string Key, int Value)> s) => s.UpdateStateByKey((IReadOnlyList<int> values, Option<int> state) =>
                values.Count == 0 ? Option<int>.None : Sum(values, state)),
            batches: 6, options: Options);

        Equal([[("a", 1), ("b", 1)], [("a", 2)], [("a", 3)], [("b", 5)], [], []], outputs);
    }

    [Fact]
    public async Task UpdateStateByKey_NoneForAKeyWithoutState_KeyNeverStored()
    {
        var kept = await StreamingTest.RunAsync(
            [[("keep", 1), ("drop", 1)], [("drop", 2)], []],
            (DStream<(string Key, int Value)> s) => s.UpdateStateByKey((Time _, string key, IReadOnlyList<int> values, Option<int> state) =>
                key == "drop" ? Option<int>.None : Sum(values, state)),
            batches: 3, options: Options);

        Equal([[("keep", 1)], [("keep", 1)], [("keep", 1)]], kept);
    }

    [Fact]
    public async Task UpdateStateByKey_TimeAndKeyForm_GetsBatchTimeAndKey()
    {
        var outputs = await StreamingTest.RunAsync(
            Input,
            (DStream<(string Key, int Value)> s) => s.UpdateStateByKey((Time time, string key, IReadOnlyList<int> values, Option<string> state) =>
                Option.Some($"{key}@{(time.Milliseconds - FirstBatchMs) / 1000}+{values.Sum()}")),
            batches: 4, options: Options);

        Equal(
            [
                [("a", "a@0+4"), ("b", "b@0+2")],
                [("a", "a@1+0"), ("b", "b@1+0")],
                [("a", "a@2+0"), ("b", "b@2+5"), ("c", "c@2+1")],
                [("a", "a@3+10"), ("b", "b@3+0"), ("c", "c@3+0")],
            ],
            outputs);
    }

    [Fact]
    public async Task UpdateStateByKey_WholePartitionForm_KeysLeftOutAreRemoved()
    {
        // Keeps a running sum but drops any key whose sum passes 5.
        var outputs = await StreamingTest.RunAsync(
            Input,
            (DStream<(string Key, int Value)> s) => s.UpdateStateByKey<string, int, int>((Time time, IEnumerable<(string Key, IReadOnlyList<int> Values, Option<int> State)> entries) =>
                entries.Select(entry => (entry.Key, State: entry.State.GetValueOrDefault(0) + entry.Values.Sum())).Where(entry => entry.State <= 5)),
            batches: 5, options: Options);

        Equal(
            [
                [("a", 4), ("b", 2)],
                [("a", 4), ("b", 2)],
                [("a", 4), ("c", 1)],
                [("c", 1)],
                [("c", 1)],
            ],
            outputs);
    }

    [Fact]
    public async Task UpdateStateByKey_WholePartitionForm_SeesEveryKeyWithStateEachBatch()
    {
        var outputs = await StreamingTest.RunAsync(
            Input,
            (DStream<(string Key, int Value)> s) => s.UpdateStateByKey<string, int, int>((Time time, IEnumerable<(string Key, IReadOnlyList<int> Values, Option<int> State)> entries) =>
                entries.Select(entry => (entry.Key, entry.State.GetValueOrDefault(0) + 1))),
            batches: 4, options: Options);

        Equal([[("a", 1), ("b", 1)], [("a", 2), ("b", 2)], [("a", 3), ("b", 3), ("c", 1)], [("a", 4), ("b", 4), ("c", 2)]], outputs);
    }

    [Fact]
    public async Task UpdateStateByKey_WholePartitionFormReturnsKeyTwice_NextBatchSeesItOnceWithFirstState()
    {
        // As Spark's co-group: both states are in the batch's output, the next batch's function sees the first only.
        var outputs = await StreamingTest.RunAsync(
            Input,
            (DStream<(string Key, int Value)> s) => s.UpdateStateByKey<string, int, int>((Time time, IEnumerable<(string Key, IReadOnlyList<int> Values, Option<int> State)> entries) =>
                entries.SelectMany(entry => new[] { (entry.Key, entry.State.GetValueOrDefault(0) + entry.Values.Sum()), (entry.Key, 1000 + entry.State.GetValueOrDefault(0)) })),
            batches: 3, options: Options);

        Equal(
            [
                [("a", 4), ("a", 1000), ("b", 2), ("b", 1000)],
                [("a", 4), ("a", 1004), ("b", 2), ("b", 1002)],
                [("a", 4), ("a", 1004), ("b", 7), ("b", 1002), ("c", 1), ("c", 1000)],
            ],
            outputs);
    }

    [Fact]
    public async Task UpdateStateByKey_InitialState_KeysStartFromItAndInitialOnlyKeysAreCalled()
    {
        var outputs = await StreamingTest.RunAsync(
            Input,
            (DStream<(string Key, int Value)> s) => s.UpdateStateByKey<string, int, int>(
                Sum, initialState: s.Context.EmberContext.Parallelize(new (string Key, int Value)[] { ("a", 100), ("z", 50) })),
            batches: 3, options: Options);

        Equal(
            [
                [("a", 104), ("b", 2), ("z", 50)],
                [("a", 104), ("b", 2), ("z", 50)],
                [("a", 104), ("b", 7), ("c", 1), ("z", 50)],
            ],
            outputs);
    }

    [Fact]
    public async Task UpdateStateByKey_InitialStateTimeForm_InitialStateSeenInFirstBatch()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)]],
            (DStream<(string Key, int Value)> s) => s.UpdateStateByKey(
                (Time time, string key, IReadOnlyList<int> values, Option<int> state) => state.HasValue && state.Value > 100 ? Option<int>.None : Sum(values, state),
                initialState: s.Context.EmberContext.Parallelize(new (string Key, int Value)[] { ("a", 10), ("gone", 1000) }, 3)),
            batches: 2, options: Options);

        Equal([[("a", 11)], [("a", 11)]], outputs);
    }

    [Fact]
    public async Task UpdateStateByKey_Partitions_StateHasThatManyPartitions()
    {
        var outputs = await StreamingTest.RunAsync(
            Input, (DStream<(string Key, int Value)> s) => s.UpdateStateByKey<string, int, int>(Sum, partitions: 3).Glom(), batches: 3, options: Options);

        Assert.All(outputs, batch => Assert.Equal(3, batch.Count));
        Assert.Equal(3, outputs[2].Sum(part => part.Length));
    }

    [Fact]
    public async Task UpdateStateByKey_ManyBatches_StaysCorrectPastCheckpoints()
    {
        var input = Enumerable.Range(1, 24).Select(i => new[] { ("k", i), ($"m{i % 3}", 1) }).ToArray();
        var outputs = await StreamingTest.RunAsync(input, (DStream<(string Key, int Value)> s) => s.UpdateStateByKey<string, int, int>(Sum), batches: 24, options: Options);

        Assert.Equal(24, outputs.Count);
        Equal([[("k", 300), ("m0", 8), ("m1", 8), ("m2", 8)]], [outputs[23]]);
    }

    [Fact]
    public async Task UpdateStateByKey_OfWindowedStream_StateUpdatedOnlyAtSlideTimes()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)], [("a", 2)], [("a", 3)], [("a", 4)]],
            (DStream<(string Key, int Value)> s) => s.Window(Seconds(2), Seconds(2)).UpdateStateByKey<string, int, int>(Sum),
            batches: 4, options: Options);

        Equal([[("a", 3)], [("a", 10)]], outputs);
    }
}

using Ember.Streaming.Testing;
using static Ember.Streaming.Tests.Operators.Batches;

namespace Ember.Streaming.Tests.Operators;

/// <summary>
/// MapWithState: the function is called once per record (never for keys without records), plus once for each key
/// that times out; <c>State</c> follows Spark's rules; <c>StateSnapshots</c> gives every key's state each batch.
/// </summary>
public class MapWithStateTests : OperatorTests
{
    // One record per key per batch, so the emitted running sums do not depend on the order of records.
    private static readonly (string, int)[][] Input = [[("a", 1), ("b", 2)], [], [("a", 3)], [("b", 1), ("c", 4)]];

    private static StateSpec<string, int, int, (string, int)> RunningSum() =>
        StateSpec.Function((string key, Option<int> value, State<int> state) =>
        {
            var sum = state.GetOption().GetValueOrDefault(0) + value.Value;
            state.Update(sum);
            return (key, sum);
        });

    /// <summary>The mapped records and the state snapshots of each batch, in one stream (the kit collects one).</summary>
    private static DStream<string> WithSnapshots<TState, TMapped>(MapWithStateDStream<string, int, TState, TMapped> mapped) =>
        mapped.Map(item => $"out {item}").Union(mapped.StateSnapshots().Map(pair => $"state {pair.Key}={pair.Value}"));

    [Fact]
    public async Task MapWithState_RunningSum_EmitsOneRecordPerInputRecord()
    {
        var outputs = await StreamingTest.RunAsync(Input, (DStream<(string Key, int Value)> s) => s.MapWithState(RunningSum()), batches: 5, options: Options);

        Equal([[("a", 1), ("b", 2)], [], [("a", 4)], [("b", 3), ("c", 4)], []], outputs);
    }

    [Fact]
    public async Task MapWithState_UntypedLambdaAsInScala_CompilesAndEmitsRunningSums()
    {
        // Spark's StatefulNetworkWordCount mapping function, with no type written: the stream gives them.
        var outputs = await StreamingTest.RunAsync(
            Input,
            (DStream<(string Key, int Value)> s) => s.MapWithState((word, one, state) =>
            {
                var sum = one.GetValueOrDefault(0) + state.GetOption().GetValueOrDefault(0);
                state.Update(sum);
                return (word, sum);
            }),
            batches: 5, options: Options);

        Equal([[("a", 1), ("b", 2)], [], [("a", 4)], [("b", 3), ("c", 4)], []], outputs);
    }

    [Fact]
    public async Task MapWithState_UntypedLambdaWithTimeoutAndInitialState_AppliesBoth()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)], [], [], [], [("a", 1)]],
            (DStream<(string Key, int Value)> s) => s.MapWithState(
                (word, one, state) =>
                {
                    if (state.IsTimingOut)
                    {
                        return $"{word} timed out at {state.Get()}";
                    }
                    var sum = one.GetValueOrDefault(0) + state.GetOption().GetValueOrDefault(0);
                    state.Update(sum);
                    return $"{word}={sum}";
                },
                timeout: Seconds(2),
                initialState: s.Context.EmberContext.Parallelize(new (string Key, int Value)[] { ("a", 10) })),
            batches: 5, options: Options);

        Equal([["a=11"], [], [], ["a timed out at 11"], ["a=1"]], outputs);
    }

    [Fact]
    public async Task MapWithState_SameKeySeveralTimesInABatch_CalledOncePerRecordSeeingEarlierUpdates()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 0), ("a", 0), ("a", 0), ("b", 0)], [("a", 0)]],
            (DStream<(string Key, int Value)> s) => s.MapWithState(StateSpec.Function((string key, Option<int> value, State<int> state) =>
            {
                var before = state.Exists ? state.Get() : 0;
                state.Update(before + 1);
                return $"{key}{before}";
            })),
            batches: 3, options: Options);

        Equal([["a0", "a1", "a2", "b0"], ["a3"], []], outputs);
    }

    [Fact]
    public async Task StateSnapshots_EveryBatch_ListAllKeysNotOnlyTouchedOnes()
    {
        var outputs = await StreamingTest.RunAsync(Input, (DStream<(string Key, int Value)> s) => s.MapWithState(RunningSum()).StateSnapshots(), batches: 5, options: Options);

        Equal(
            [
                [("a", 1), ("b", 2)],
                [("a", 1), ("b", 2)],
                [("a", 4), ("b", 2)],
                [("a", 4), ("b", 3), ("c", 4)],
                [("a", 4), ("b", 3), ("c", 4)],
            ],
            outputs);
    }

    [Fact]
    public async Task State_ExistsAndGetOption_ReflectThePreviousBatches()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)], [("a", 2)], [("b", 0)]],
            (DStream<(string Key, int Value)> s) => s.MapWithState(StateSpec.Function((string key, Option<int> value, State<int> state) =>
            {
                var seen = $"{key}:{state.Exists}:{state.GetOption()}:{value}";
                state.Update(value.Value * 10);
                return seen;
            })),
            batches: 3, options: Options);

        Equal([["a:False:None:Some(1)"], ["a:True:Some(10):Some(2)"], ["b:False:None:Some(0)"]], outputs);
    }

    [Fact]
    public async Task State_NotUpdated_KeyGetsNoState()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)], [("a", 2)]],
            (DStream<(string Key, int Value)> s) => WithSnapshots(s.MapWithState(StateSpec.Function((string key, Option<int> value, State<int> state) => state.Exists))),
            batches: 2, options: Options);

        Equal([["out False"], ["out False"]], outputs);
    }

    [Fact]
    public async Task State_GetOnMissingState_ThrowsInvalidOperationExceptionWithClearMessage()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)]],
            (DStream<(string Key, int Value)> s) => s.MapWithState(StateSpec.Function((string key, Option<int> value, State<int> state) =>
            {
                try
                {
                    return $"no error: {state.Get()}";
                }
                catch (InvalidOperationException error)
                {
                    return error.Message;
                }
            })),
            batches: 1, options: Options);

        var message = Assert.Single(Assert.Single(outputs));
        Assert.Contains("no state", message);
        Assert.Contains("Exists", message);
    }

    [Fact]
    public async Task State_Remove_KeyGoneFromSnapshotsAndStartsAgainFromNothing()
    {
        // A negative value removes the key.
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1), ("b", 1)], [("a", -1)], [], [("a", 5)]],
            (DStream<(string Key, int Value)> s) => WithSnapshots(s.MapWithState(StateSpec.Function((string key, Option<int> value, State<int> state) =>
            {
                if (value.Value < 0)
                {
                    state.Remove();
                    return $"{key} removed, exists {state.Exists}";
                }
                var sum = state.GetOption().GetValueOrDefault(0) + value.Value;
                state.Update(sum);
                return $"{key}={sum}";
            }))),
            batches: 4, options: Options);

        Equal(
            [
                ["out a=1", "out b=1", "state a=1", "state b=1"],
                ["out a removed, exists False", "state b=1"],
                ["state b=1"],
                ["out a=5", "state a=5", "state b=1"],
            ],
            outputs);
    }

    [Fact]
    public async Task State_UpdateAfterRemove_ThrowsInvalidOperationException()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)], [("a", 2)]],
            (DStream<(string Key, int Value)> s) => WithSnapshots(s.MapWithState(StateSpec.Function((string key, Option<int> value, State<int> state) =>
            {
                if (!state.Exists)
                {
                    state.Update(value.Value);
                    return "created";
                }
                state.Remove();
                try
                {
                    state.Update(99);
                    return "updated after remove";
                }
                catch (InvalidOperationException error)
                {
                    return error.Message;
                }
            }))),
            batches: 2, options: Options);

        Equal([["out created", "state a=1"], ["out Cannot update the state after it has been removed."]], outputs);
    }

    [Fact]
    public async Task State_RemoveTwice_ThrowsInvalidOperationException()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)], [("a", 2)]],
            (DStream<(string Key, int Value)> s) => s.MapWithState(StateSpec.Function((string key, Option<int> value, State<int> state) =>
            {
                if (!state.Exists)
                {
                    state.Update(value.Value);
                    return "created";
                }
                state.Remove();
                return Record.Exception(state.Remove) is InvalidOperationException ? "second remove threw" : "second remove passed";
            })),
            batches: 2, options: Options);

        Equal([["created"], ["second remove threw"]], outputs);
    }

    [Fact]
    public async Task State_UpdateThenRemoveInOneCall_KeyRemoved()
    {
        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)], [("a", 2)]],
            (DStream<(string Key, int Value)> s) => s.MapWithState(StateSpec.Function((string key, Option<int> value, State<int> state) =>
            {
                state.Update(value.Value);
                if (value.Value == 2)
                {
                    state.Remove();
                }
                return 0;
            })).StateSnapshots(),
            batches: 3, options: Options);

        Equal([[("a", 1)], [], []], outputs);
    }

    [Fact]
    public async Task Timeout_KeyIdleLongerThanTimeout_OneFinalCallWithNoneThenGone()
    {
        // a gets data in batch 1 only; b in every batch; c in every batch but never updates its state (still activity).
        (string, int)[][] input =
        [
            [("a", 1), ("b", 1), ("c", 1)],
            [("b", 1), ("c", 1)],
            [("b", 1), ("c", 1)],
            [("b", 1), ("c", 1)],
            [("b", 1), ("c", 1)],
            [("b", 1), ("c", 1)],
        ];
        var spec = StateSpec.Function((string key, Option<int> value, State<int> state) =>
        {
            if (state.IsTimingOut)
            {
                var update = Record.Exception(() => state.Update(0));
                return $"timeout {key} value={value} state={state.Get()} update threw {update?.GetType().Name}";
            }
            if (key == "c" && state.Exists)
            {
                return $"{key} read {state.Get()}";
            }
            var sum = state.GetOption().GetValueOrDefault(0) + value.Value;
            state.Update(sum);
            return $"{key}={sum}";
        }).Timeout(Seconds(2));

        var outputs = await StreamingTest.RunAsync(input, (DStream<(string Key, int Value)> s) => WithSnapshots(s.MapWithState(spec)), batches: 7, options: Options);

        // a was last active at batch 1; at batch 4 it has been idle 3 s > 2 s: timed out there, once.
        Equal(
            [
                ["out a=1", "out b=1", "out c=1", "state a=1", "state b=1", "state c=1"],
                ["out b=2", "out c read 1", "state a=1", "state b=2", "state c=1"],
                ["out b=3", "out c read 1", "state a=1", "state b=3", "state c=1"],
                ["out b=4", "out c read 1", "out timeout a value=None state=1 update threw InvalidOperationException", "state b=4", "state c=1"],
                ["out b=5", "out c read 1", "state b=5", "state c=1"],
                ["out b=6", "out c read 1", "state b=6", "state c=1"],
                ["state b=6", "state c=1"],
            ],
            outputs);
    }

    [Fact]
    public async Task Timeout_AllKeysGoIdle_EachTimesOutOnceAtItsOwnTime()
    {
        var spec = StateSpec.Function((string key, Option<int> value, State<int> state) =>
        {
            if (state.IsTimingOut)
            {
                return $"timeout {key}";
            }
            state.Update(value.Value);
            return $"{key}={value.Value}";
        }).Timeout(Seconds(1));

        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)], [("b", 2)], [], [], [("a", 3)]], (DStream<(string Key, int Value)> s) => s.MapWithState(spec), batches: 8, options: Options);

        // Idle for more than 1 s means two batches later; a comes back at batch 5 as a new key.
        Equal([["a=1"], ["b=2"], ["timeout a"], ["timeout b"], ["a=3"], [], ["timeout a"], []], outputs);
    }

    [Fact]
    public async Task Timeout_RemoveWhileTimingOut_ThrowsInvalidOperationException()
    {
        var spec = StateSpec.Function((string key, Option<int> value, State<int> state) =>
        {
            if (state.IsTimingOut)
            {
                return Record.Exception(state.Remove) is InvalidOperationException ? "remove threw" : "remove passed";
            }
            state.Update(1);
            return "set";
        }).Timeout(Seconds(1));

        var outputs = await StreamingTest.RunAsync([[("a", 1)]], (DStream<(string Key, int Value)> s) => s.MapWithState(spec), batches: 4, options: Options);

        Equal([["set"], [], ["remove threw"], []], outputs);
    }

    [Fact]
    public async Task Timeout_TimeFormReturningNone_EmitsNothingForTheCall()
    {
        var spec = StateSpec.Function((Time time, string key, Option<int> value, State<int> state) =>
        {
            if (state.IsTimingOut)
            {
                return Option<string>.None;
            }
            state.Update(value.Value);
            return Option.Some($"{key}@{(time.Milliseconds - FirstBatchMs) / 1000}");
        }).Timeout(Seconds(1));

        var outputs = await StreamingTest.RunAsync(
            [[("a", 1)], [], [], [("b", 1)]], (DStream<(string Key, int Value)> s) => WithSnapshots(s.MapWithState(spec)), batches: 5, options: Options);

        Equal([["out a@0", "state a=1"], ["state a=1"], [], ["out b@3", "state b=1"], ["state b=1"]], outputs);
    }

    [Fact]
    public async Task MapWithState_TimeForm_GetsBatchTimeAndNoneEmitsNothing()
    {
        var outputs = await StreamingTest.RunAsync(
            Input,
            (DStream<(string Key, int Value)> s) => s.MapWithState(StateSpec.Function((Time time, string key, Option<int> value, State<int> state) =>
                key == "b" ? Option<string>.None : Option.Some($"{key}@{(time.Milliseconds - FirstBatchMs) / 1000}"))),
            batches: 4, options: Options);

        Equal([["a@0"], [], ["a@2"], ["c@3"]], outputs);
    }

    [Fact]
    public async Task InitialState_KeysStartFromIt_AndAppearInSnapshotsFromTheFirstBatch()
    {
        var outputs = await StreamingTest.RunAsync(
            Input,
            (DStream<(string Key, int Value)> s) => WithSnapshots(s.MapWithState(
                RunningSum().InitialState(s.Context.EmberContext.Parallelize(new (string Key, int Value)[] { ("a", 100), ("z", 7) })))),
            batches: 3, options: Options);

        Equal(
            [
                ["out (a, 101)", "out (b, 2)", "state a=101", "state b=2", "state z=7"],
                ["state a=101", "state b=2", "state z=7"],
                ["out (a, 104)", "state a=104", "state b=2", "state z=7"],
            ],
            outputs);
    }

    [Fact]
    public async Task InitialState_WithTimeout_InitialKeysTimeOutWhenIdle()
    {
        var spec = StateSpec.Function((string key, Option<int> value, State<int> state) => state.IsTimingOut ? $"timeout {key}" : $"{key}")
            .Timeout(Seconds(1));

        var outputs = await StreamingTest.RunAsync(
            [[], [], [], []],
            (DStream<(string Key, int Value)> s) => s.MapWithState(spec.InitialState(s.Context.EmberContext.Parallelize(new (string Key, int Value)[] { ("z", 7) }))),
            batches: 4, options: Options);

        // As Spark (InternalMapWithStateDStream stamps the initial state with the first batch's time): idle for more
        // than 1 s at batch 3.
        Equal([[], [], ["timeout z"], []], outputs);
    }

    [Fact]
    public async Task NumPartitions_Three_StateAndOutputHaveThreePartitions()
    {
        var spec = RunningSum().NumPartitions(3);
        var outputs = await StreamingTest.RunAsync(
            Input, (DStream<(string Key, int Value)> s) => s.MapWithState(spec).StateSnapshots().Glom(), batches: 4, options: Options);

        Assert.All(outputs, batch => Assert.Equal(3, batch.Count));
        Assert.Equal(3, outputs[3].Sum(part => part.Length));
    }

    [Fact]
    public async Task MapWithState_ManyBatches_StaysCorrectPastCheckpoints()
    {
        var input = Enumerable.Range(1, 24).Select(i => new[] { ("k", i) }).ToArray();
        var outputs = await StreamingTest.RunAsync(input, (DStream<(string Key, int Value)> s) => s.MapWithState(RunningSum()), batches: 24, options: Options);

        Assert.Equal(Enumerable.Range(1, 24).Select(i => i * (i + 1) / 2), outputs.Select(batch => Assert.Single(batch).Item2));
    }

    [Fact]
    public void NumPartitions_Zero_ThrowsArgumentOutOfRangeException() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RunningSum().NumPartitions(0));

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    public void Timeout_NotPositive_ThrowsArgumentOutOfRangeException(int milliseconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RunningSum().Timeout(TimeSpan.FromMilliseconds(milliseconds)));
}

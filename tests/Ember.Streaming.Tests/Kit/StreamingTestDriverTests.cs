using Ember.Streaming.Testing;
using Ember.Streaming.Tests.Operators;

namespace Ember.Streaming.Tests.Kit;

/// <summary>
/// The step-by-step driver: several inputs and outputs of one job, batches with and without an RDD, a stateful job
/// restarted from its checkpoint (with and without downtime), failures surfacing in the step that ran them, disposal.
/// </summary>
public sealed class StreamingTestDriverTests
{
    private static readonly Time First = Time.From(new StreamingTestOptions().StartTime) + Batches.Interval;

    /// <summary>Running word totals (UpdateStateByKey, named so a restart finds its state).</summary>
    private static void WordTotals(StreamingTestGraph job) =>
        job.Output("totals", job.Input<string>("lines")
            .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Map(word => (word, 1))
            .UpdateStateByKey((IReadOnlyList<int> counts, Option<int> total) => Option.Some(total.GetValueOrDefault(0) + counts.Sum()))
            .WithName("totals"));

    private static readonly string[][] Lines = [["a b", "b"], [], ["c a"], ["b"], ["a a"], [], ["c"]];

    [Fact]
    public async Task AdvanceBatchAsync_TwoInputsThreeOutputs_EveryOutputHoldsEachBatchSoFar()
    {
        await using var driver = await StreamingTestDriver.StartAsync(job =>
        {
            var orders = job.Input<(string Key, int Value)>("orders");
            var prices = job.Input<(string Key, int Value)>("prices");
            job.Output("orders", orders);
            job.Output("joined", orders.Join(prices).Map(pair => (pair.Key, pair.Value.Left * pair.Value.Right)));
            job.Output("both", orders.Union(prices).Map(pair => pair.Key));
        });
        var orders = driver.Input<(string Key, int Value)>("orders");
        var prices = driver.Input<(string Key, int Value)>("prices");

        orders.Push(("apple", 2), ("pear", 1));
        prices.Push(("apple", 10));
        var first = await driver.AdvanceBatchAsync();
        var joined = driver.Output<(string Key, int Value)>("joined");
        Assert.Equal(First, first);
        Assert.Equal([("apple", 20)], joined.Last!.Records);

        prices.Push(("pear", 7), ("pear", 8));
        var second = await driver.AdvanceBatchAsync();

        Assert.Equal(First + Batches.Interval, second);
        Assert.Equal([first, second], joined.Batches.Select(batch => batch.Time));
        Assert.Empty(joined.At(second).Records);
        Assert.True(joined.At(second).HasRdd);
        Assert.Equal(["[(apple, 2), (pear, 1)]", "[]"], driver.Output<(string Key, int Value)>("orders").Batches.Select(batch => Batches.Format(batch.Records)));
        Assert.Equal("[apple, apple, pear, pear, pear]", Batches.Format(driver.Output<string>("both").Records));
    }

    [Fact]
    public async Task AdvanceBatchAsync_WindowSlidingEveryOtherBatch_BatchesBetweenSlidesHaveNoRdd()
    {
        await using var driver = await StreamingTestDriver.StartAsync(job =>
            job.Output("sums", job.Input<int>("numbers").Window(Batches.Seconds(2), Batches.Seconds(2)).Reduce((a, b) => a + b)));
        var numbers = driver.Input<int>("numbers");

        foreach (var batch in new[] { new[] { 1, 2 }, [3], [4], [] })
        {
            numbers.Push(batch);
            await driver.AdvanceBatchAsync();
        }

        var sums = driver.Output<int>("sums");
        Assert.Equal([false, true, false, true], sums.Batches.Select(batch => batch.HasRdd));
        Assert.Equal([0, 1, 0, 1], sums.Batches.Select(batch => batch.Runs));
        Assert.Equal([6, 4], sums.Records);
        Assert.Equal($"{First}: no RDD", sums.At(First).ToString());
    }

    [Fact]
    public async Task Input_NoRddWhenEmpty_NothingPushedMeansNoRddButAnEmptyPushIsAnEmptyRdd()
    {
        await using var driver = await StreamingTestDriver.StartAsync(job =>
        {
            job.Output("sparse", job.Input<int>("sparse", noRddWhenEmpty: true).Map(x => x * 10));
            job.Output("dense", job.Input<int>("dense").Map(x => x * 10));
        });
        var sparse = driver.Input<int>("sparse");

        sparse.Push(1);
        await driver.AdvanceBatchAsync();
        await driver.AdvanceBatchAsync();
        sparse.Push();
        await driver.AdvanceBatchAsync();

        Assert.Equal([true, false, true], driver.Output<int>("sparse").Batches.Select(batch => batch.HasRdd));
        Assert.Equal(["[10]", "[]", "[]"], driver.Output<int>("sparse").Batches.Select(batch => Batches.Format(batch.Records)));
        Assert.All(driver.Output<int>("dense").Batches, batch => Assert.True(batch.HasRdd));
    }

    [Fact]
    public async Task RestartAsync_StatefulJob_TotalsEqualThoseOfARunWithoutRestart()
    {
        var uninterrupted = await RunWordTotalsAsync(restartAfter: null);
        var restarted = await RunWordTotalsAsync(restartAfter: 3);

        Assert.Equal(uninterrupted, restarted);
        Assert.Equal("[(a, 4), (b, 3), (c, 2)]", restarted[^1]);
    }

    [Fact]
    public async Task RestartAsync_AfterSomeBatches_ContinuesTheClockOnANewContextThatRecovered()
    {
        await using var driver = await StreamingTestDriver.StartAsync(WordTotals);
        var before = driver.Context;
        driver.Input<string>("lines").Push("x y");
        var ran = await driver.AdvanceBatchesAsync(2);

        await driver.RestartAsync();
        var after = await driver.AdvanceBatchAsync();

        Assert.NotSame(before, driver.Context);
        Assert.Equal(StreamingContextState.Stopped, before.State);
        Assert.True(driver.Context.IsRecovering);
        Assert.Equal(ran[^1] + Batches.Interval, after);
        Assert.Equal("[(x, 1), (y, 1)]", Batches.Format(driver.Output<(string Key, int Value)>("totals").At(after).Records));
    }

    [Fact]
    public async Task RestartAsync_WithDowntime_MissedBatchesRunAtTheRestartAndTheFirstTakesWhatWasPushedMeanwhile()
    {
        await using var driver = await StreamingTestDriver.StartAsync(WordTotals);
        var lines = driver.Input<string>("lines");
        lines.Push("a");
        var stopped = await driver.AdvanceBatchAsync();

        lines.Push("a b");
        var recovered = await driver.RestartAsync(downtime: Batches.Seconds(3));

        var missed = new[] { stopped + Batches.Seconds(1), stopped + Batches.Seconds(2), stopped + Batches.Seconds(3) };
        Assert.Equal(missed, recovered.Where(time => time > stopped));
        var totals = driver.Output<(string Key, int Value)>("totals");
        Assert.Equal("[(a, 2), (b, 1)]", Batches.Format(totals.At(missed[0]).Records));
        Assert.Equal("[(a, 2), (b, 1)]", Batches.Format(totals.At(missed[2]).Records));
        Assert.Equal(missed[2] + Batches.Interval, driver.NextBatchTime);
    }

    [Fact]
    public async Task AdvanceBatchAsync_OutputThrows_TheStepThrowsAndRestartRunsTheFailedBatchAgain()
    {
        var failing = true;
        await using var driver = await StreamingTestDriver.StartAsync(job =>
        {
            var numbers = job.Input<int>("numbers");
            job.Output("seen", numbers);
            numbers.ForEachRdd((rdd, time) =>
            {
                if (failing && rdd.Count() > 0)
                {
                    throw new InvalidOperationException($"sink down at {time}");
                }
            });
        });
        var numbers = driver.Input<int>("numbers");
        await driver.AdvanceBatchAsync();
        numbers.Push(7);

        var failed = await Assert.ThrowsAsync<StreamingJobException>(() => driver.AdvanceBatchAsync());
        var next = await Assert.ThrowsAsync<InvalidOperationException>(() => driver.AdvanceBatchAsync());

        var failedAt = First + Batches.Interval;
        Assert.Contains($"sink down at {failedAt}", failed.InnerException!.Message);
        Assert.Same(failed, next.InnerException);
        failing = false;
        var recovered = await driver.RestartAsync();
        Assert.Contains(failedAt, recovered);
        var seen = driver.Output<int>("seen").At(failedAt);
        Assert.Equal([7], seen.Records);
        Assert.Equal(2, seen.Runs);
    }

    [Fact]
    public async Task AdvanceBatchAsync_TaskThrows_StreamingJobExceptionCarriesTheUserException()
    {
        await using var driver = await StreamingTestDriver.StartAsync(job =>
            job.Output("parsed", job.Input<string>("text").Map(int.Parse)));
        driver.Input<string>("text").Push("12", "twelve");

        var failed = await Assert.ThrowsAsync<StreamingJobException>(() => driver.AdvanceBatchAsync());

        Assert.Contains("twelve", failed.ToString());
        Assert.Empty(driver.Output<int>("parsed").Batches);
    }

    [Fact]
    public async Task DisposeAsync_StopsTheContextAndDeletesTheCheckpointDirectory()
    {
        var driver = await StreamingTestDriver.StartAsync(WordTotals);
        driver.Input<string>("lines").Push("a");
        await driver.AdvanceBatchAsync();
        var context = driver.Context;
        Assert.True(Directory.Exists(driver.CheckpointDirectory));

        await driver.DisposeAsync();

        Assert.Equal(StreamingContextState.Stopped, context.State);
        Assert.Null(StreamingContext.GetActive());
        Assert.False(Directory.Exists(driver.CheckpointDirectory));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => driver.AdvanceBatchAsync());
    }

    [Fact]
    public async Task StopAsync_ThenAdvance_SaysToRestartAndAwaitTerminationCompletes()
    {
        await using var driver = await StreamingTestDriver.StartAsync(WordTotals);

        await driver.StopAsync(graceful: true);

        await driver.AwaitTerminationAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => driver.AdvanceBatchAsync());
        Assert.Contains("RestartAsync", error.Message);
    }

    [Fact]
    public async Task Output_UnknownNameOrOtherType_ErrorNamesWhatTheJobDeclares()
    {
        await using var driver = await StreamingTestDriver.StartAsync(WordTotals);

        var unknown = Assert.Throws<KeyNotFoundException>(() => driver.Output<int>("total"));
        var wrongType = Assert.Throws<InvalidOperationException>(() => driver.Input<int>("lines"));

        Assert.Contains("'totals'", unknown.Message);
        Assert.Contains("TestInputStream<String>", wrongType.Message);
    }

    [Fact]
    public async Task StartAsync_FactoryDeclaresANameTwice_FailsAndFreesTheSlot()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => StreamingTestDriver.StartAsync(job =>
        {
            job.Output("x", job.Input<int>("x").Union(job.Input<int>("x")));
        }));

        Assert.Contains("declared twice", error.Message);
        Assert.Null(StreamingContext.GetActive());
        await using var next = await StreamingTestDriver.StartAsync(WordTotals);
        await next.AdvanceBatchAsync();
    }

    /// <summary>The totals after each batch of <see cref="Lines"/>, restarting (not gracefully) after the given batch.</summary>
    private static async Task<IReadOnlyList<string>> RunWordTotalsAsync(int? restartAfter)
    {
        await using var driver = await StreamingTestDriver.StartAsync(WordTotals);
        var lines = driver.Input<string>("lines");
        for (var batch = 0; batch < Lines.Length; batch++)
        {
            if (batch == restartAfter)
            {
                await driver.RestartAsync();
            }
            lines.Push(Lines[batch]);
            await driver.AdvanceBatchAsync();
        }
        return [.. driver.Output<(string Key, int Value)>("totals").Batches.Select(batch => Batches.Format(batch.Records))];
    }
}

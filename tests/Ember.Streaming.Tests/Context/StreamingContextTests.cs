using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Tests.Context;

public class StreamingContextTests
{
    private static readonly TimeSpan SafetyNet = StreamingHarness.SafetyNet;

    [Fact]
    public async Task State_StartThenStop_GoesInitializedActiveStopped()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1]).ForEachRdd(_ => { });
        Assert.Equal(StreamingContextState.Initialized, h.Context.State);
        Assert.Null(h.Context.StartTime);

        h.Context.Start();
        Assert.Equal(StreamingContextState.Active, h.Context.State);
        Assert.Same(h.Context, StreamingContext.GetActive());

        await h.Context.StopAsync().WaitAsync(SafetyNet);
        Assert.Equal(StreamingContextState.Stopped, h.Context.State);
        Assert.Null(StreamingContext.GetActive());
    }

    [Theory]
    [InlineData(250, 1000, 750)]    // between two multiples: the next one
    [InlineData(0, 1000, 1000)]     // exactly on a multiple: the one after, never now
    [InlineData(4000, 2000, 2000)]  // a 2 s interval from an even second
    [InlineData(5000, 2000, 1000)]  // a 2 s interval from an odd second: aligned to the epoch, not to the start
    [InlineData(999, 500, 1)]
    public async Task Start_FakeClock_FirstBatchAtNextMultipleOfIntervalThenOneIntervalApart(int startOffsetMs, int intervalMs, int expectedDelayMs)
    {
        var start = StreamingHarness.DefaultStart.AddMilliseconds(startOffsetMs);
        var interval = TimeSpan.FromMilliseconds(intervalMs);
        await using var h = new StreamingHarness(interval, start);
        var times = new ConcurrentQueue<Time>();
        h.Queue<int>().ForEachRdd((_, time) => times.Enqueue(time));

        h.Context.Start();
        var first = Time.From(start) + TimeSpan.FromMilliseconds(expectedDelayMs);
        Assert.Equal(first, h.Context.StartTime);
        Assert.True(first.IsMultipleOf(interval));

        h.Clock.Advance(TimeSpan.FromMilliseconds(expectedDelayMs));
        await h.Batches.WaitForAsync(first);
        for (var i = 1; i < 3; i++)
        {
            h.Clock.Advance(interval);
            await h.Batches.WaitForAsync(first + interval * i);
        }

        Assert.Equal([first, first + interval, first + interval * 2], times);
    }

    [Fact]
    public async Task Start_ClockMovesWhileStarting_BatchesStillFireOnTheirTimes()
    {
        await using var h = new StreamingHarness(start: StreamingHarness.DefaultStart.AddMilliseconds(100));
        var times = new ConcurrentQueue<Time>();
        h.Queue<int>().ForEachRdd((_, time) => times.Enqueue(time));
        // Every reading of the clock moves it on by 1 ms, as real time passes while sources start.
        h.Clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        h.Context.Start();
        h.Clock.AutoAdvanceAmount = TimeSpan.Zero;
        var first = h.Context.StartTime!.Value;
        Assert.True(h.Clock.GetUtcNow() > StreamingHarness.DefaultStart.AddMilliseconds(101), "The clock did not move while starting.");
        Assert.True(h.Clock.GetUtcNow() < first.ToDateTimeOffset(), "Starting took the clock past the first batch.");

        // The timer is due at the first batch time, give or take the one reading of the clock (1 ms here) it takes to
        // create it, not a whole startup's worth of readings later.
        h.Clock.Advance(first.ToDateTimeOffset() + TimeSpan.FromMilliseconds(1) - h.Clock.GetUtcNow());
        await h.Batches.WaitForAsync(first).WaitAsync(SafetyNet);
        h.Clock.Advance(h.BatchInterval);
        await h.Batches.WaitForAsync(first + h.BatchInterval).WaitAsync(SafetyNet);

        Assert.Equal([first, first + h.BatchInterval], times);
    }

    [Fact]
    public async Task Start_ClockAdvancedLessThanToFirstBatch_GeneratesNoBatch()
    {
        await using var h = new StreamingHarness(start: StreamingHarness.DefaultStart.AddMilliseconds(250));
        var times = new ConcurrentQueue<Time>();
        h.Queue<int>().ForEachRdd((_, time) => times.Enqueue(time));
        h.Context.Start();

        h.Clock.Advance(TimeSpan.FromMilliseconds(749));
        await h.Context.StopAsync().WaitAsync(SafetyNet);

        Assert.Empty(times);
    }

    [Fact]
    public async Task AwaitTerminationAsync_StopAsync_Completes()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1]).ForEachRdd(_ => { });
        h.Context.Start();
        await h.RunBatchAsync();
        var termination = h.Context.AwaitTerminationAsync();
        Assert.False(termination.IsCompleted);

        await h.Context.StopAsync().WaitAsync(SafetyNet);

        await termination.WaitAsync(SafetyNet);
        Assert.True(termination.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AwaitTerminationOrTimeoutAsync_ContextClockPassesTimeout_ReturnsFalse()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>().ForEachRdd(_ => { });
        h.Context.Start();
        var waiting = h.Context.AwaitTerminationOrTimeoutAsync(TimeSpan.FromSeconds(5));

        h.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);
        h.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await waiting.WaitAsync(SafetyNet));
        Assert.Equal(StreamingContextState.Active, h.Context.State);
    }

    [Fact]
    public async Task AwaitTerminationOrTimeoutAsync_ContextStops_ReturnsTrue()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>().ForEachRdd(_ => { });
        h.Context.Start();
        var waiting = h.Context.AwaitTerminationOrTimeoutAsync(TimeSpan.FromHours(1));

        await h.Context.StopAsync().WaitAsync(SafetyNet);

        Assert.True(await waiting.WaitAsync(SafetyNet));
    }

    [Fact]
    public async Task AwaitTerminationOrTimeoutAsync_JobFailed_ThrowsStreamingJobException()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1]).ForEachRdd(_ => throw new InvalidOperationException("boom"));
        h.Context.Start();

        await h.RunBatchAsync();

        var error = await Assert.ThrowsAsync<StreamingJobException>(() => h.Context.AwaitTerminationOrTimeoutAsync(TimeSpan.FromHours(1)).WaitAsync(SafetyNet));
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task AwaitTerminationAsync_ForEachRddThrows_ThrowsStreamingJobExceptionWithUserError()
    {
        await using var h = new StreamingHarness();
        var boom = new InvalidOperationException("boom");
        h.Queue<int>([1], [2]).ForEachRdd((_, _) => throw boom);
        h.Context.Start();

        await h.RunBatchAsync();

        var error = await Assert.ThrowsAsync<StreamingJobException>(() => h.Context.AwaitTerminationAsync().WaitAsync(SafetyNet));
        Assert.Contains(boom, Causes(error));
        Assert.Contains("boom", error.Message);
    }

    [Fact]
    public async Task AwaitTerminationAsync_TaskOfBatchJobThrows_ThrowsStreamingJobExceptionWrappingUserError()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1, 2, 3]).ForEachRdd(rdd => rdd.Map(x => x == 2 ? throw new FormatException("bad record 2") : x).Collect());
        h.Context.Start();

        await h.RunBatchAsync();

        var error = await Assert.ThrowsAsync<StreamingJobException>(() => h.Context.AwaitTerminationAsync().WaitAsync(SafetyNet));
        Assert.Contains(Causes(error), cause => cause is FormatException { Message: "bad record 2" });
    }

    [Fact]
    public async Task ForEachRdd_ThrowsInFirstBatch_LaterBatchesStillRun()
    {
        await using var h = new StreamingHarness();
        var seen = new ConcurrentQueue<IReadOnlyList<int>>();
        h.Queue<int>([1], [2], [3]).ForEachRdd((rdd, time) =>
        {
            seen.Enqueue(rdd.Collect());
            if (time == h.BatchTime(0))
            {
                throw new InvalidOperationException("first batch fails");
            }
        });
        h.Context.Start();

        await h.RunBatchesAsync(3);

        Assert.Equal([[1], [2], [3]], seen);
        Assert.Equal(StreamingContextState.Active, h.Context.State);
        await Assert.ThrowsAsync<StreamingJobException>(() => h.Context.AwaitTerminationAsync().WaitAsync(SafetyNet));
    }

    [Fact]
    public async Task StopAsync_GracefulWhileBatchRunsAndAnotherIsQueued_BothBatchesComplete()
    {
        await using var h = new StreamingHarness();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new SemaphoreSlim(0);
        var finished = new ConcurrentQueue<(Time Time, IReadOnlyList<int> Records)>();
        h.Queue<int>([1, 2], [3]).ForEachRdd((rdd, time) =>
        {
            entered.TrySetResult();
            release.Wait();
            finished.Enqueue((time, rdd.Collect()));
        });
        h.Context.Start();
        var first = h.GenerateBatch();
        await entered.Task.WaitAsync(SafetyNet);
        var second = h.GenerateBatch();

        var stop = h.Context.StopAsync(graceful: true);
        Assert.False(stop.IsCompleted);
        release.Release(2);
        await stop.WaitAsync(SafetyNet);

        Assert.Equal([first, second], finished.Select(f => f.Time));
        Assert.Equal([[1, 2], [3]], finished.Select(f => f.Records));
        Assert.True(h.Batches.HasCompleted(first));
        Assert.True(h.Batches.HasCompleted(second));
        await h.Context.AwaitTerminationAsync().WaitAsync(SafetyNet);
    }

    [Fact]
    public async Task StopAsync_NotGracefulWhileBatchRuns_CancelsRunningOutputOperation()
    {
        await using var h = new StreamingHarness();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Queue<int>([1]).ForEachRddAsync(async (_, _, cancellationToken) =>
        {
            entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }
        });
        h.Context.Start();
        var first = h.GenerateBatch();
        await entered.Task.WaitAsync(SafetyNet);

        await h.Context.StopAsync(graceful: false).WaitAsync(SafetyNet);

        Assert.True(cancelled.Task.IsCompleted);
        var info = await h.Batches.WaitForAsync(first);
        Assert.NotNull(info.OutputOperationInfos[0].FailureReason);
        // A cancellation caused by stopping is not a job failure.
        await h.Context.AwaitTerminationAsync().WaitAsync(SafetyNet);
    }

    [Fact]
    public async Task StopAsync_NotGracefulWithBatchQueued_DoesNotRunQueuedBatch()
    {
        await using var h = new StreamingHarness();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var invoked = new ConcurrentQueue<Time>();
        h.Queue<int>([1], [2]).ForEachRddAsync(async (_, time, cancellationToken) =>
        {
            invoked.Enqueue(time);
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        });
        h.Context.Start();
        var first = h.GenerateBatch();
        await entered.Task.WaitAsync(SafetyNet);
        h.GenerateBatch();

        await h.Context.StopAsync(graceful: false).WaitAsync(SafetyNet);

        // Spark's stop(stopGracefully = false) drops queued jobs: user code of a batch not yet started must not run.
        Assert.Equal([first], invoked);
    }

    [Fact]
    public async Task StopAsync_GracefulTimeoutExpires_CancelsRunningBatchAndStops()
    {
        await using var h = new StreamingHarness(configure: options => options.GracefulStopTimeout = TimeSpan.FromMilliseconds(200));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Queue<int>([1]).ForEachRddAsync(async (_, _, cancellationToken) =>
        {
            entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }
        });
        h.Context.Start();
        h.GenerateBatch();
        await entered.Task.WaitAsync(SafetyNet);

        // The output never finishes by itself: only the 200 ms graceful stop timeout (real time) can end the stop.
        await h.Context.StopAsync(graceful: true).WaitAsync(SafetyNet);

        Assert.Equal(StreamingContextState.Stopped, h.Context.State);
        Assert.Null(StreamingContext.GetActive());
        // The timeout must cancel the output, not only stop waiting for it (a shorter net keeps a failure cheap).
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task StopAsync_CalledFromInsideForEachRdd_StopsContext()
    {
        await using var h = new StreamingHarness();
        Task? stop = null;
        h.Queue<int>([1]).ForEachRdd(_ => stop = h.Context.StopAsync());
        h.Context.Start();

        await h.RunBatchAsync();
        await h.Context.AwaitTerminationAsync().WaitAsync(SafetyNet);

        Assert.NotNull(stop);
        await stop.WaitAsync(SafetyNet);
        Assert.Equal(StreamingContextState.Stopped, h.Context.State);
    }

    [Fact]
    public async Task Remember_LongerThanBatchesRun_SliceReturnsOldRdds() =>
        Assert.Equal([1, 2, 3], await SliceFirstThreeBatchesAsync(TimeSpan.Zero));

    [Fact]
    public async Task Slice_UnalignedFrom_RoundsDownToIncludeThatBatchAsSpark() =>
        Assert.Equal([1, 2, 3], await SliceFirstThreeBatchesAsync(TimeSpan.FromMilliseconds(500)));

    /// <summary>
    /// With batches remembered 10 s, the records <c>Slice</c> gives at the fourth batch from the first three batches'
    /// times, each shifted by <paramref name="offset"/>.
    /// </summary>
    private static async Task<IReadOnlyList<int>?> SliceFirstThreeBatchesAsync(TimeSpan offset)
    {
        await using var h = new StreamingHarness();
        h.Context.Remember(TimeSpan.FromSeconds(10));
        var input = h.Queue<int>([1], [2], [3]);
        IReadOnlyList<int>? sliced = null;
        input.ForEachRdd((_, time) =>
        {
            if (time == h.BatchTime(3))
            {
                sliced = [.. input.Slice(h.BatchTime(0) + offset, h.BatchTime(2) + offset).SelectMany(rdd => rdd.Collect())];
            }
        });
        h.Context.Start();

        await h.RunBatchesAsync(4);
        return sliced;
    }

    [Fact]
    public async Task Remember_NotCalled_OldRddsForgotten()
    {
        await using var h = new StreamingHarness();
        var input = h.Queue<int>([1], [2], [3]);
        IReadOnlyList<Time>? kept = null;
        IReadOnlyList<int>? sliced = null;
        input.ForEachRdd((_, time) =>
        {
            if (time == h.BatchTime(3))
            {
                kept = [.. input.GeneratedRdds.Select(generated => generated.Time)];
                sliced = [.. input.Slice(h.BatchTime(0), h.BatchTime(2)).SelectMany(rdd => rdd.Collect())];
            }
        });
        h.Context.Start();

        await h.RunBatchesAsync(4);

        Assert.Equal([h.BatchTime(2), h.BatchTime(3)], kept);
        Assert.NotNull(sliced);
        Assert.DoesNotContain(1, sliced);
        Assert.DoesNotContain(2, sliced);
    }

    [Fact]
    public async Task Checkpoint_MissingDirectory_CreatesIt()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ember-checkpoint-test-{Guid.NewGuid():N}");
        var directory = Path.Combine(root, "nested", "checkpoints");
        try
        {
            await using var h = new StreamingHarness();

            h.Context.Checkpoint(directory);

            Assert.True(Directory.Exists(directory));
            Assert.Equal(Path.GetFullPath(directory), h.Context.CheckpointDirectory);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [Fact]
    public async Task StopAsync_ContextOnGivenEmberContext_LeavesEmberContextUsable()
    {
        var clock = new FakeTimeProvider(StreamingHarness.DefaultStart);
        using var ember = new EmberContext(new EmberOptions { Master = "local[2]" });
        await using (var ssc = new StreamingContext(ember, TimeSpan.FromSeconds(1), new StreamingOptions { TimeProvider = clock }))
        {
            ssc.QueueStream(new ConcurrentQueue<Rdd<int>>()).ForEachRdd(_ => { });
            ssc.Start();
            await ssc.StopAsync().WaitAsync(SafetyNet);
            Assert.Same(ember, ssc.EmberContext);
        }

        Assert.Equal([1, 2, 3], ember.Parallelize([1, 2, 3]).Collect());
    }

    [Fact]
    public async Task StopAsync_ContextFromEmberOptions_DisposesItsOwnEmberContext()
    {
        var clock = new FakeTimeProvider(StreamingHarness.DefaultStart);
        var logs = new CapturingLoggerFactory();
        await using var ssc = new StreamingContext(new EmberOptions { Master = "local[2]", LoggerFactory = logs }, TimeSpan.FromSeconds(1), new StreamingOptions { TimeProvider = clock });
        ssc.QueueStream(new ConcurrentQueue<Rdd<int>>()).ForEachRdd(_ => { });
        ssc.Start();
        Assert.Equal([1], ssc.EmberContext.Parallelize([1]).Collect());

        await ssc.StopAsync().WaitAsync(SafetyNet);

        Assert.ThrowsAny<ObjectDisposedException>(() => ssc.EmberContext.Parallelize([1]).Collect());
        Assert.Contains(logs.Messages, message => message.Contains("stopped", StringComparison.Ordinal) && message.StartsWith("Ember context", StringComparison.Ordinal));
    }

    private static IEnumerable<Exception> Causes(Exception error)
    {
        for (var cause = error.InnerException; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
        }
    }
}

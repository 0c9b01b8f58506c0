using Ember.Streaming.Listener;

namespace Ember.Streaming.Tests.Context;

public class ListenerTests
{
    private static readonly TimeSpan SafetyNet = StreamingHarness.SafetyNet;

    [Fact]
    public async Task OnStreamingStarted_Start_ReportsFirstBatchTime()
    {
        await using var h = new StreamingHarness(start: StreamingHarness.DefaultStart.AddMilliseconds(400));
        h.Queue<int>().ForEachRdd(_ => { });

        h.Context.Start();

        Assert.Equal(Time.From(StreamingHarness.DefaultStart.AddSeconds(1)), await h.Batches.Started);
        Assert.Equal(h.Context.StartTime, await h.Batches.Started);
    }

    [Fact]
    public async Task Events_TwoBatchesOfTwoOutputs_ArriveInOrder()
    {
        await using var h = new StreamingHarness();
        var recorder = new RecordingListener();
        h.Context.AddStreamingListener(recorder);
        var input = h.Queue<int>([1, 2], [3]);
        input.ForEachRdd(_ => { });
        input.Print();
        h.Context.Start();

        await h.RunBatchesAsync(2);
        await h.Context.StopAsync().WaitAsync(SafetyNet);

        var t1 = h.BatchTime(0).Milliseconds;
        var t2 = h.BatchTime(1).Milliseconds;
        Assert.Equal(
            [
                $"StreamingStarted {t1}",
                $"BatchSubmitted {t1}", $"BatchStarted {t1}",
                $"OutputOperationStarted {t1} 0", $"OutputOperationCompleted {t1} 0",
                $"OutputOperationStarted {t1} 1", $"OutputOperationCompleted {t1} 1",
                $"BatchCompleted {t1}",
                $"BatchSubmitted {t2}", $"BatchStarted {t2}",
                $"OutputOperationStarted {t2} 0", $"OutputOperationCompleted {t2} 0",
                $"OutputOperationStarted {t2} 1", $"OutputOperationCompleted {t2} 1",
                $"BatchCompleted {t2}",
            ],
            recorder.Lines);
    }

    [Fact]
    public async Task OnStreamingStarted_FirstBatchDueWhileStarting_IsStillTheFirstEvent()
    {
        // A clock that moves while Start runs (as the system clock does just before a batch boundary) must not let the
        // first batch be generated before the start event.
        await using var h = new StreamingHarness(start: StreamingHarness.DefaultStart.AddMilliseconds(-1));
        var recorder = new RecordingListener();
        h.Context.AddStreamingListener(recorder);
        h.Queue<int>([1]).ForEachRdd(_ => { });
        h.Clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);

        h.Context.Start();
        h.Clock.AutoAdvanceAmount = TimeSpan.Zero;
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        await h.Batches.WaitForAsync(h.BatchTime(0)).WaitAsync(SafetyNet);
        await h.Context.StopAsync().WaitAsync(SafetyNet);

        Assert.Equal($"StreamingStarted {h.BatchTime(0).Milliseconds}", recorder.Lines[0]);
    }

    [Fact]
    public async Task OnOutputOperationCompleted_ThreeOutputs_IdsInDefinitionOrderWithNamesAndDurations()
    {
        await using var h = new StreamingHarness();
        var recorder = new RecordingListener();
        h.Context.AddStreamingListener(recorder);
        var input = h.Queue<int>([1, 2, 3]);
        input.Print(2);
        input.ForEachRdd(_ => { });
        input.ForEachRddAsync((_, _, _) => Task.CompletedTask);
        h.Context.Start();

        var batch = await h.RunBatchAsync();
        await h.Context.StopAsync().WaitAsync(SafetyNet);

        var started = recorder.OperationsStarted;
        var completed = recorder.OperationsCompleted;
        Assert.Equal([0, 1, 2], started.Select(op => op.Id));
        Assert.Equal([0, 1, 2], completed.Select(op => op.Id));
        Assert.Equal(["Print", "ForEachRdd", "ForEachRdd"], completed.Select(op => op.Name));
        Assert.Equal(["Print(2)", "ForEachRdd", "ForEachRddAsync"], completed.Select(op => op.Description));
        Assert.All(started, op =>
        {
            Assert.Equal(h.BatchTime(0), op.BatchTime);
            Assert.NotNull(op.StartTime);
            Assert.Null(op.EndTime);
            Assert.Null(op.FailureReason);
        });
        Assert.All(completed, op =>
        {
            Assert.Equal(h.BatchTime(0), op.BatchTime);
            Assert.NotNull(op.Duration);
            Assert.True(op.Duration >= TimeSpan.Zero, $"negative duration {op.Duration}");
            Assert.Null(op.FailureReason);
        });
        Assert.Equal(completed, batch.OutputOperationInfos.OrderBy(pair => pair.Key).Select(pair => pair.Value));
    }

    [Fact]
    public async Task OnOutputOperationCompleted_ThrowingOutput_SetsFailureReasonOfThatOutputOnly()
    {
        await using var h = new StreamingHarness();
        var recorder = new RecordingListener();
        h.Context.AddStreamingListener(recorder);
        var input = h.Queue<int>([1]);
        input.ForEachRdd(_ => { });
        input.ForEachRdd(_ => throw new InvalidOperationException("sink is down"));
        input.ForEachRdd(_ => { });
        h.Context.Start();

        var batch = await h.RunBatchAsync();
        await h.Context.StopAsync().WaitAsync(SafetyNet);

        var completed = recorder.OperationsCompleted;
        Assert.Equal(3, completed.Count);
        Assert.Null(completed[0].FailureReason);
        Assert.NotNull(completed[1].FailureReason);
        Assert.Contains("sink is down", completed[1].FailureReason);
        Assert.Null(completed[2].FailureReason);
        Assert.Contains("sink is down", batch.OutputOperationInfos[1].FailureReason);
    }

    [Fact]
    public async Task OnBatchCompleted_Batch_HasProcessingTimesAndNonNegativeDelays()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1, 2], [3]).ForEachRdd(rdd => rdd.Collect());
        h.Context.Start();

        var batches = await h.RunBatchesAsync(2);

        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            Assert.Equal(h.BatchTime(i), batch.BatchTime);
            Assert.NotNull(batch.ProcessingStartTime);
            Assert.NotNull(batch.ProcessingEndTime);
            Assert.True(batch.ProcessingStartTime <= batch.ProcessingEndTime);
            Assert.True(batch.SubmissionTime <= batch.ProcessingStartTime);
            Assert.True(batch.SchedulingDelay >= TimeSpan.Zero, $"scheduling delay {batch.SchedulingDelay}");
            Assert.True(batch.ProcessingDelay >= TimeSpan.Zero, $"processing delay {batch.ProcessingDelay}");
            Assert.True(batch.TotalDelay >= TimeSpan.Zero, $"total delay {batch.TotalDelay}");
            Assert.Equal(batch.SchedulingDelay + batch.ProcessingDelay, batch.TotalDelay);
            Assert.Single(batch.OutputOperationInfos);
        }
    }

    [Fact]
    public async Task OnBatchCompleted_QueueStreamBatches_ReportsNoInputInfoAsSpark()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1, 2, 3], [4]).ForEachRdd(_ => { });
        h.Context.Start();

        var batches = await h.RunBatchesAsync(3);

        // A queue of RDDs reports no input information (counting would run a job at generation time), as in Spark.
        Assert.All(batches, batch => Assert.Empty(batch.StreamIdToInputInfo));
        Assert.Equal([0L, 0L, 0L], batches.Select(batch => batch.NumRecords));
    }

    [Fact]
    public async Task OnBatchSubmitted_Batch_HasSubmissionTimeAndNoProcessingTimes()
    {
        await using var h = new StreamingHarness();
        var recorder = new RecordingListener();
        h.Context.AddStreamingListener(recorder);
        h.Queue<int>([1]).ForEachRdd(_ => { });
        h.Context.Start();

        await h.RunBatchAsync();
        await h.Context.StopAsync().WaitAsync(SafetyNet);

        var submitted = Assert.Single(recorder.Submitted);
        Assert.Equal(h.BatchTime(0), submitted.BatchTime);
        Assert.Equal(h.BatchTime(0).ToDateTimeOffset(), submitted.SubmissionTime);
        Assert.Null(submitted.ProcessingStartTime);
        Assert.Null(submitted.ProcessingEndTime);
        var started = Assert.Single(recorder.Started);
        Assert.NotNull(started.ProcessingStartTime);
        Assert.Null(started.ProcessingEndTime);
    }

    [Fact]
    public async Task OnBatchStarted_BatchInfoKeptByListener_DoesNotChangeAsTheBatchRuns()
    {
        await using var h = new StreamingHarness();
        var recorder = new RecordingListener();
        h.Context.AddStreamingListener(recorder);
        var input = h.Queue<int>([1]);
        input.ForEachRdd(_ => { });
        input.ForEachRdd(_ => { });
        h.Context.Start();

        await h.RunBatchAsync();
        await h.Context.StopAsync().WaitAsync(SafetyNet);

        // The BatchInfo handed to OnBatchStarted describes the batch as it started: no output operation had ended.
        // (It must not be a live view of a dictionary the job thread keeps writing to while listeners read it.)
        var started = Assert.Single(recorder.Started);
        Assert.DoesNotContain(started.OutputOperationInfos.Values, op => op.EndTime is not null);
    }

    [Fact]
    public async Task Listener_ThrowsOnEveryEvent_OtherListenersAndBatchesContinue()
    {
        await using var h = new StreamingHarness();
        var thrower = new ThrowingListener();
        var recorder = new RecordingListener();
        h.Context.AddStreamingListener(thrower);
        h.Context.AddStreamingListener(recorder);
        h.Queue<int>([1], [2]).ForEachRdd(_ => { });
        h.Context.Start();

        await h.RunBatchesAsync(2);
        await h.Context.StopAsync().WaitAsync(SafetyNet);

        // 1 started + 2 batches x (submitted, started, op started, op completed, completed).
        Assert.Equal(11, thrower.Calls);
        Assert.Equal(11, recorder.Lines.Count);
        Assert.Equal([h.BatchTime(0), h.BatchTime(1)], recorder.Completed.Select(batch => batch.BatchTime));
        await h.Context.AwaitTerminationAsync().WaitAsync(SafetyNet);
    }
}

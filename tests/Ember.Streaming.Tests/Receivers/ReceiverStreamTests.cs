using System.Collections.Concurrent;
using Ember.Streaming.Receivers;

namespace Ember.Streaming.Tests.Receivers;

public class ReceiverStreamTests
{
    [Fact]
    public async Task Store_SingleItems_AppearInNextBatchExactlyOnceWithRecordCounts()
    {
        await using var harness = ReceiverHarness.Create();
        var receiver = new ManualReceiver();
        var stream = harness.Context.ReceiverStream(receiver);
        var output = harness.Collect(stream);
        harness.Start();

        receiver.Store(1);
        receiver.Store(2);
        receiver.Store(3);
        var first = await harness.RunBatchAsync();
        receiver.Store(4);
        var second = await harness.RunBatchAsync();
        var third = await harness.RunBatchAsync();

        Assert.Equal([1, 2, 3], output.Records(first.BatchTime));
        Assert.Equal([4], output.Records(second.BatchTime));
        Assert.Empty(output.Records(third.BatchTime));
        Assert.Equal(3, first.StreamIdToInputInfo[stream.Id].NumRecords);
        Assert.Equal(1, second.StreamIdToInputInfo[stream.Id].NumRecords);
        Assert.Equal(0, third.StreamIdToInputInfo[stream.Id].NumRecords);
        Assert.Equal(receiver.StreamId, stream.Id);
    }

    [Fact]
    public async Task Store_ManyAndWithMetadata_EachCallIsOneBlockInStoredOrder()
    {
        await using var harness = ReceiverHarness.Create();
        var receiver = new ManualReceiver();
        var stream = harness.Context.ReceiverStream(receiver);
        var output = harness.Collect(stream);
        harness.Start();

        receiver.Store(1);
        receiver.Store([2, 3], metadata: "offsets 2-3");
        receiver.Store([]);
        receiver.Store(Enumerable.Range(4, 3));
        receiver.Store(7);
        var batch = await harness.RunBatchAsync();

        Assert.Equal([[1], [2, 3], [4, 5, 6], [7]], output.Partitions(batch.BatchTime));
        Assert.Equal(7, batch.StreamIdToInputInfo[stream.Id].NumRecords);
    }

    [Fact]
    public async Task Store_FromItsOwnThread_ManyItemsArriveExactlyOnce()
    {
        // The source outlives the harness: the receiver's thread reads it until the harness stops the context.
        using var source = new BlockingCollection<int>();
        await using var harness = ReceiverHarness.Create();
        var receiver = new QueueReceiver(source);
        var stream = harness.Context.ReceiverStream(receiver);
        var output = harness.Collect(stream);
        harness.Start();

        for (var i = 0; i < 10_000; i++)
        {
            source.Add(i);
        }
        await receiver.WhenStored(10_000);
        var first = await harness.RunBatchAsync();
        for (var i = 10_000; i < 15_000; i++)
        {
            source.Add(i);
        }
        await receiver.WhenStored(15_000);
        var second = await harness.RunBatchAsync();

        Assert.Equal(Enumerable.Range(0, 10_000), output.Records(first.BatchTime));
        Assert.Equal(Enumerable.Range(10_000, 5_000), output.Records(second.BatchTime));
        Assert.Equal(10_000, first.NumRecords);
        Assert.Equal(5_000, second.NumRecords);
    }

    [Fact]
    public async Task BlockInterval_CutsWhatWasStoredIntoPartitions()
    {
        await using var harness = ReceiverHarness.Create(new StreamingOptions { BlockInterval = TimeSpan.FromMilliseconds(200) });
        var receiver = new ManualReceiver();
        var stream = harness.Context.ReceiverStream(receiver);
        var output = harness.Collect(stream);
        harness.Start();

        receiver.Store(1);
        receiver.Store(2);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(200));
        receiver.Store(3);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(200));
        harness.Clock.Advance(TimeSpan.FromMilliseconds(200)); // nothing stored: no empty block
        receiver.Store(4);
        receiver.Store(5);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(200));
        receiver.Store(6);
        var first = await harness.RunBatchAsync();
        receiver.Store(7);
        var second = await harness.RunBatchAsync();

        Assert.Equal([[1, 2], [3], [4, 5], [6]], output.Partitions(first.BatchTime));
        Assert.Equal([[7]], output.Partitions(second.BatchTime));
    }

    [Fact]
    public async Task Restart_StopsThenStartsAgainAfterTheDelay_KeepingRecordsStoredMeanwhile()
    {
        await using var harness = ReceiverHarness.Create();
        var receiver = new ManualReceiver();
        var output = harness.Collect(harness.Context.ReceiverStream(receiver));
        harness.Start();
        await harness.Events.Receiver("started");

        receiver.Store(1);
        receiver.Restart("source went away", new IOException("reset"), delay: TimeSpan.FromMilliseconds(500));
        Assert.True(receiver.IsStopped);
        await receiver.Called("stop");
        receiver.Store(2);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(["start", "stop"], receiver.Calls);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await receiver.Called("start", 2);
        await harness.Events.Receiver("started", 2);
        receiver.Store(3);
        var batch = await harness.RunBatchAsync();

        Assert.Equal(["start", "stop", "start"], receiver.Calls);
        Assert.True(receiver.IsStarted);
        Assert.True(receiver.Tokens[0].IsCancellationRequested);
        Assert.False(receiver.Tokens[1].IsCancellationRequested);
        Assert.Equal(["started", "stopped", "started"], harness.Events.Kinds);
        var stopped = harness.Events.ReceiverEvents[1].Info;
        Assert.False(stopped.Active);
        Assert.Equal("source went away", stopped.LastErrorMessage);
        Assert.Contains("IOException", stopped.LastError);
        Assert.Equal([1, 2, 3], output.Records(batch.BatchTime));
    }

    [Fact]
    public async Task Restart_WithoutDelay_WaitsReceiverRestartDelay()
    {
        await using var harness = ReceiverHarness.Create(new StreamingOptions { ReceiverRestartDelay = TimeSpan.FromMilliseconds(300) });
        var receiver = new ManualReceiver();
        harness.Collect(harness.Context.ReceiverStream(receiver));
        harness.Start();

        receiver.Restart("again");
        await receiver.Called("stop");
        receiver.Restart("ignored while a restart is pending");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(299));
        Assert.Equal(["start", "stop"], receiver.Calls);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await receiver.Called("start", 2);
        await harness.RunBatchAsync();

        Assert.Equal(["start", "stop", "start"], receiver.Calls);
    }

    [Fact]
    public async Task ReportError_RaisesOnReceiverError_WhileRecordsKeepFlowing()
    {
        await using var harness = ReceiverHarness.Create();
        var receiver = new ManualReceiver();
        var stream = harness.Context.ReceiverStream(receiver).WithName("orders");
        var output = harness.Collect(stream);
        harness.Start();

        receiver.Store(1);
        receiver.ReportError("parse failure at offset 7", new FormatException("bad record"));
        receiver.Store(2);
        var batch = await harness.RunBatchAsync();
        var error = await harness.Events.Receiver("error");

        Assert.Equal([1, 2], output.Records(batch.BatchTime));
        Assert.True(receiver.IsStarted);
        Assert.Equal(["start"], receiver.Calls);
        Assert.Equal(stream.Id, error.StreamId);
        Assert.Equal("orders", error.Name);
        Assert.True(error.Active);
        Assert.Equal("local", error.Location);
        Assert.Equal("parse failure at offset 7", error.LastErrorMessage);
        Assert.Contains("bad record", error.LastError);
        Assert.Equal(harness.Clock.GetUtcNow() - ReceiverHarness.Interval, error.LastErrorTime);
    }

    [Fact]
    public async Task Stop_StopsForGood_AndTheStreamKeepsProducingBatches()
    {
        await using var harness = ReceiverHarness.Create();
        var receiver = new ManualReceiver();
        var output = harness.Collect(harness.Context.ReceiverStream(receiver));
        harness.Start();

        receiver.Store(1);
        receiver.Stop("no more input");
        var stopped = await harness.Events.Receiver("stopped");
        receiver.Store(2); // after the stop: dropped, not thrown
        receiver.Restart("ignored once stopped", delay: TimeSpan.Zero);
        var first = await harness.RunBatchAsync();
        var second = await harness.RunBatchAsync();

        Assert.Equal(["start", "stop"], receiver.Calls);
        Assert.True(receiver.IsStopped);
        Assert.False(receiver.IsStarted);
        Assert.True(receiver.StoppingToken.IsCancellationRequested);
        Assert.False(stopped.Active);
        Assert.Equal("ManualReceiver", stopped.Name);
        Assert.Equal([1], output.Records(first.BatchTime));
        Assert.Empty(output.Records(second.BatchTime));
    }

    [Fact]
    public async Task ContextStop_StopsTheReceiver()
    {
        await using var harness = ReceiverHarness.Create();
        var receiver = new ManualReceiver();
        harness.Collect(harness.Context.ReceiverStream(receiver));
        harness.Start();
        Assert.True(receiver.IsStarted);
        Assert.False(receiver.IsStopped);

        await harness.Context.StopAsync().WaitAsync(ReceiverHarness.Patience);

        Assert.Equal(["start", "stop"], receiver.Calls);
        Assert.True(receiver.IsStopped);
        Assert.Equal(["started", "stopped"], harness.Events.Kinds);
        Assert.Null(harness.Events.ReceiverEvents[1].Info.LastErrorMessage);
    }

    [Fact]
    public async Task OnStartThrows_StopsTheReceiverWithTheError()
    {
        await using var harness = ReceiverHarness.Create();
        var receiver = new ManualReceiver { FailOnStart = new InvalidOperationException("no credentials") };
        harness.Collect(harness.Context.ReceiverStream(receiver));
        harness.Start();

        var stopped = await harness.Events.Receiver("stopped");
        await harness.RunBatchAsync();

        Assert.Equal(["start", "stop"], receiver.Calls);
        Assert.Contains("Error starting receiver", stopped.LastErrorMessage);
        Assert.Contains("no credentials", stopped.LastError);
        Assert.True(receiver.IsStopped);
    }

    [Fact]
    public async Task GracefulStop_PutsStoredRecordsIntoAFinalBatchThatCompletes()
    {
        await using var harness = ReceiverHarness.Create();
        var receiver = new ManualReceiver();
        var stream = harness.Context.ReceiverStream(receiver);
        var output = harness.Collect(stream);
        harness.Start();
        receiver.Store(1);
        var first = await harness.RunBatchAsync();
        receiver.Store(2);
        receiver.Store([3, 4]);

        await harness.Context.StopAsync(graceful: true).WaitAsync(ReceiverHarness.Patience);
        var final = await harness.Events.BatchCompleted(harness.NextBatch).WaitAsync(ReceiverHarness.Patience);

        Assert.Equal([1], output.Records(first.BatchTime));
        Assert.Equal([2, 3, 4], output.Records(final.BatchTime));
        Assert.Equal(3, final.StreamIdToInputInfo[stream.Id].NumRecords);
        Assert.Equal(["start", "stop"], receiver.Calls);
    }

    [Fact]
    public async Task MaxRatePerSecond_NoMoreRecordsThanTheRateAllowsUpToEachBatch()
    {
        // The source outlives the harness: the receiver's thread reads it until the harness stops the context.
        using var source = new BlockingCollection<int>();
        await using var harness = ReceiverHarness.Create();
        var stream = harness.Context.ReceiverStream(new QueueReceiver(source), new ReceiverOptions { MaxRatePerSecond = 5 });
        var output = harness.Collect(stream);
        harness.Start();
        for (var i = 0; i < 12; i++)
        {
            source.Add(i);
        }

        // Record k is stored no earlier than k × 200 ms after the first, so batch b (at start + b s) holds at most
        // 5 b + 1 records in all, however the receiver's thread is scheduled.
        // Many batches are allowed: on a loaded machine the receiver's thread may fall behind the fake clock.
        var batches = 0;
        long total = 0;
        while (total < 12 && batches < 200)
        {
            for (var step = 0; step < 4; step++)
            {
                harness.Clock.Advance(TimeSpan.FromMilliseconds(200));
            }
            var batch = await harness.RunBatchAsync();
            batches++;
            total += batch.NumRecords;
            Assert.InRange(total, 0, (5 * batches) + 1);
        }

        Assert.Equal(Enumerable.Range(0, 12), output.All);
        Assert.InRange(batches, 3, 200);
    }

    [Fact]
    public async Task Window_OverAReceiverStream_SeesBatchesComputedOnlyWhenTheWindowSlides()
    {
        await using var harness = ReceiverHarness.Create();
        var receiver = new ManualReceiver();
        var output = harness.Collect(harness.Context.ReceiverStream(receiver).Window(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2)));
        harness.Start();

        var times = new List<Time>();
        for (var i = 1; i <= 6; i++)
        {
            receiver.Store(i);
            times.Add((await harness.RunBatchAsync()).BatchTime);
        }

        Assert.Equal([1, 2], output.Records(times[1]).Order());
        Assert.Equal([1, 2, 3, 4], output.Records(times[3]).Order());
        Assert.Equal([3, 4, 5, 6], output.Records(times[5]).Order());
    }

    [Fact]
    public async Task OldBatches_AreForgottenAfterTheRememberDuration()
    {
        await using var harness = ReceiverHarness.Create();
        var receiver = new ManualReceiver();
        var stream = (ReceiverInputDStream<int>)harness.Context.ReceiverStream(receiver);
        harness.Collect(stream);
        var unused = (ReceiverInputDStream<int>)harness.Context.ReceiverStream(new ManualReceiver()); // no output reads it
        harness.Start();

        Time last = default;
        for (var i = 0; i < 6; i++)
        {
            receiver.Store(i);
            last = (await harness.RunBatchAsync()).BatchTime;
        }

        var old = last - (2 * ReceiverHarness.Interval);
        Assert.Contains(old.ToString(), Assert.Throws<InvalidOperationException>(() => stream.AllocationAt(old)).Message, StringComparison.Ordinal);
        Assert.Equal(1, stream.AllocationAt(last).Blocks.Sum(block => block.Records));
        Assert.All(stream.GeneratedRdds, pair => Assert.True(pair.Time > old));
        Assert.Throws<InvalidOperationException>(() => unused.AllocationAt(last - ReceiverHarness.Interval));
        Assert.Empty(unused.AllocationAt(last).Blocks);
    }

    [Fact]
    public async Task Misuse_IsRejected()
    {
        await using var harness = ReceiverHarness.Create();
        var receiver = new ManualReceiver();
        Assert.Throws<ArgumentNullException>(() => harness.Context.ReceiverStream<int>(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => harness.Context.ReceiverStream(receiver, new ReceiverOptions { MaxRatePerSecond = 0 }));
        Assert.Throws<InvalidOperationException>(() => receiver.Store(1));
        Assert.Throws<InvalidOperationException>(() => receiver.StreamId);
        var stream = harness.Context.ReceiverStream(receiver);
        Assert.Throws<ArgumentException>(() => harness.Context.ReceiverStream(receiver));
        Assert.Throws<InvalidOperationException>(() => receiver.Store(1)); // attached, not started yet
        Assert.Throws<ArgumentOutOfRangeException>(() => receiver.Restart("x", delay: TimeSpan.FromSeconds(-1)));
        harness.Collect(stream);
        harness.Start();

        Assert.Throws<InvalidOperationException>(() => harness.Context.ReceiverStream(new ManualReceiver()));
    }
}

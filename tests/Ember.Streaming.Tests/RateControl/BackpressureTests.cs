using System.Collections.Concurrent;
using Ember.Streaming.Listener;
using Ember.Streaming.RateControl;
using Ember.Streaming.Receivers;
using Ember.Streaming.Tests.Receivers;
using Xunit.Abstractions;

namespace Ember.Streaming.Tests.RateControl;

/// <summary>
/// Backpressure on receiver streams, on the harness's fake clock (batches of 1 s). A receiver with an endless
/// backlog stores as fast as its limiter allows; before each batch the clock stops one tick short of the batch time
/// until the receiver has caught up, so a batch holds what the rate allowed up to its time, give or take the one
/// record whose turn falls exactly on the batch time.
/// </summary>
public class BackpressureTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task FirstBatch_LargeBacklogReadyAtStart_HoldsAtMostInitialRateTimesTheInterval()
    {
        using var source = new BlockingCollection<int>();
        for (var i = 0; i < 10_000; i++)
        {
            source.Add(i);
        }
        await using var harness = ReceiverHarness.Create(new StreamingOptions { BackpressureEnabled = true, BackpressureInitialRate = 100 });
        var stream = (ReceiverInputDStream<int>)harness.Context.ReceiverStream(new QueueReceiver(source));
        var output = harness.Collect(stream);
        harness.Start();

        var first = await RunCaughtUpBatchAsync(harness, stream);
        var second = await RunCaughtUpBatchAsync(harness, stream);

        Assert.InRange(first.NumRecords, 99, 100);  // 100 turns in (start, start + 1 s]: the last falls on the batch time
        Assert.InRange(first.NumRecords + second.NumRecords, 199, 200);
        Assert.Equal(Enumerable.Range(0, (int)(first.NumRecords + second.NumRecords)), output.All);
        Assert.Equal(100, stream.Supervisor.Limiter!.Rate); // no estimate yet: jobs on a fake clock take no time
    }

    [Fact]
    public async Task WithoutBackpressure_NoControllerNoLimiter_TheBacklogIsTakenAtOnce()
    {
        using var source = new BlockingCollection<int>();
        for (var i = 0; i < 10_000; i++)
        {
            source.Add(i);
        }
        await using var harness = ReceiverHarness.Create(new StreamingOptions { BackpressureInitialRate = 100 });
        var receiver = new QueueReceiver(source);
        var stream = (ReceiverInputDStream<int>)harness.Context.ReceiverStream(receiver);
        harness.Collect(stream);
        harness.Start();

        await receiver.WhenStored(10_000);
        var first = await harness.RunBatchAsync();

        Assert.Null(stream.RateController);
        Assert.Null(stream.Supervisor.Limiter);
        Assert.Equal(10_000, first.NumRecords);
    }

    [Fact]
    public async Task SlowJob_RateFallsBatchAfterBatchUntilABatchFitsTheInterval_ThenSettlesAtCapacity()
    {
        // Processing costs 2 ms a record: 500 records/s at most. Batches run one at a time on a simulated worker, and
        // each completion reaches the controller once the clock has passed its end, as it would in Spark.
        var perRecord = TimeSpan.FromMilliseconds(2);
        const long capacity = 500;
        await using var harness = ReceiverHarness.Create(new StreamingOptions { BackpressureEnabled = true, BackpressureInitialRate = 1000 });
        var receiver = new FloodReceiver();
        var stream = (ReceiverInputDStream<int>)harness.Context.ReceiverStream(receiver);
        harness.Collect(stream);
        var controller = stream.RateController!;
        var limiter = stream.Supervisor.Limiter!;
        harness.Start();

        var pending = new List<BatchInfo>();
        var workerFree = DateTimeOffset.MinValue;
        var rates = new List<long>();
        var records = new List<long>();
        var queueing = new List<TimeSpan>();
        for (var batch = 0; batch < 25; batch++)
        {
            rates.Add(limiter.Rate!.Value);
            var real = await RunCaughtUpBatchAsync(harness, stream);
            var count = real.StreamIdToInputInfo[stream.Id].NumRecords;
            var start = Max(real.BatchTime.ToDateTimeOffset(), workerFree);
            workerFree = start + (perRecord * count);
            pending.Add(Batches.Completed(real.BatchTime, stream.Id, count, start - real.BatchTime.ToDateTimeOffset(), perRecord * count));
            records.Add(count);
            queueing.Add(start - real.BatchTime.ToDateTimeOffset());
            foreach (var done in pending.Where(info => info.ProcessingEndTime <= harness.Clock.GetUtcNow()).ToList())
            {
                controller.OnBatchCompleted(done);
                pending.Remove(done);
            }
        }

        for (var i = 0; i < rates.Count; i++)
        {
            log.WriteLine($"batch {i + 1}: rate {rates[i]}/s, {records[i]} records, queued {queueing[i].TotalMilliseconds} ms");
        }
        Assert.Equal(1000, rates[0]);
        Assert.InRange(records[0], 999, 1000);
        var lowest = rates.IndexOf(rates.Min());
        Assert.True(lowest > 1, $"The rate never fell: {string.Join(", ", rates)}");
        for (var i = 1; i <= lowest; i++)
        {
            Assert.True(rates[i] <= rates[i - 1], $"The rate rose while the queue was still growing: {string.Join(", ", rates)}");
        }
        // Every estimate is one that fits: rate × processing time per record ≤ the batch interval.
        Assert.All(rates.Where(rate => rate != 1000), rate => Assert.InRange(rate, 100, capacity));
        Assert.Contains(rates, rate => rate < capacity * 0.8); // the queue built up by the first batches is drained...
        // ... and then the stream runs at what the job can take, without queueing.
        Assert.All(rates.TakeLast(5), rate => Assert.InRange(rate, capacity * 0.95, capacity));
        Assert.All(records.TakeLast(5), count => Assert.True(perRecord * count <= ReceiverHarness.Interval + perRecord, $"{count} records do not fit a batch"));
        Assert.All(queueing.TakeLast(3), delay => Assert.True(delay < TimeSpan.FromMilliseconds(50), $"Still queueing: {delay}"));
        Assert.Equal(rates[^1], controller.LatestRate);
    }

    [Fact]
    public async Task MaxRate_CapsTheInitialRateAndEveryEstimate()
    {
        await using var harness = ReceiverHarness.Create(new StreamingOptions
        {
            BackpressureEnabled = true,
            BackpressureInitialRate = 1000,
            ReceiverMaxRate = 300,
        });
        var stream = (ReceiverInputDStream<int>)harness.Context.ReceiverStream(new FloodReceiver());
        harness.Collect(stream);
        var controller = stream.RateController!;
        var limiter = stream.Supervisor.Limiter!;
        harness.Start();

        Assert.Equal(300, limiter.Rate);
        for (var batch = 0; batch < 4; batch++)
        {
            var real = await RunCaughtUpBatchAsync(harness, stream);
            Assert.InRange(real.NumRecords, 299, 301);
            // The job is fast: 10 000 records/s, so the estimate is far above the cap.
            controller.OnBatchCompleted(Batches.Completed(real.BatchTime, stream.Id, real.NumRecords, TimeSpan.Zero, TimeSpan.FromMilliseconds(real.NumRecords / 10.0)));
            Assert.Equal(300, limiter.Rate);
        }

        Assert.Equal(300, controller.LatestRate);
        Assert.Equal(300, controller.MaxRate);
    }

    [Fact]
    public async Task StreamMaxRate_OverridesTheContextsAndBoundsTheInitialRate()
    {
        await using var harness = ReceiverHarness.Create(new StreamingOptions { BackpressureEnabled = true, ReceiverMaxRate = 300 });

        var capped = (ReceiverInputDStream<int>)harness.Context.ReceiverStream(new ManualReceiver(), new ReceiverOptions { MaxRatePerSecond = 200 });
        var unbounded = (ReceiverInputDStream<int>)harness.Context.ReceiverStream(new ManualReceiver());

        Assert.Equal(200, capped.Supervisor.Limiter!.Rate);
        Assert.Equal(200, capped.RateController!.MaxRate);
        Assert.Equal(300, unbounded.Supervisor.Limiter!.Rate); // no initial rate: the maximum until the first estimate
        Assert.Equal(capped.Id, capped.RateController.StreamId);
    }

    [Fact]
    public async Task NoInitialRateNorMaxRate_UnlimitedUntilTheFirstEstimate()
    {
        await using var harness = ReceiverHarness.Create(new StreamingOptions { BackpressureEnabled = true });
        var receiver = new ManualReceiver();
        var stream = (ReceiverInputDStream<int>)harness.Context.ReceiverStream(receiver);
        var output = harness.Collect(stream);
        harness.Start();

        for (var i = 0; i < 1000; i++)
        {
            receiver.Store(i); // never blocks
        }
        var first = await harness.RunBatchAsync();
        stream.RateController!.OnBatchCompleted(Batches.Completed(first.BatchTime, stream.Id, 1000, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        stream.RateController.OnBatchCompleted(Batches.Completed(first.BatchTime + ReceiverHarness.Interval, stream.Id, 1000, TimeSpan.Zero, TimeSpan.FromSeconds(4)));

        Assert.Equal(1000, first.NumRecords);
        Assert.Equal(250, stream.Supervisor.Limiter!.Rate); // 500/s, then 250/s: P = 1 follows the processing rate
    }

    [Fact]
    public async Task RealBatches_ReachTheControllerThroughTheListenerBus()
    {
        // The job blocks until the test has moved the clock on: the batch's processing delay is real, on the fake clock.
        using var jobStarted = new SemaphoreSlim(0);
        using var jobRelease = new SemaphoreSlim(0);
        await using var harness = ReceiverHarness.Create(new StreamingOptions { BackpressureEnabled = true, BackpressureInitialRate = 1000 });
        var stream = (ReceiverInputDStream<int>)harness.Context.ReceiverStream(new FloodReceiver());
        stream.ForEachRdd(rdd =>
        {
            rdd.Count();
            jobStarted.Release();
            jobRelease.Wait(ReceiverHarness.Patience);
        });
        var afterController = new RecordingListener(); // added after the controller, so it hears of a batch after it
        harness.Context.AddStreamingListener(afterController);
        harness.Start();

        var processing = new[] { TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(800) };
        var counts = new List<long>();
        var time = harness.NextBatch - ReceiverHarness.Interval;
        foreach (var delay in processing)
        {
            time += ReceiverHarness.Interval;
            await CatchUpAsync(harness, stream, time);
            harness.Clock.Advance(time.ToDateTimeOffset() - harness.Clock.GetUtcNow());
            await jobStarted.WaitAsync(ReceiverHarness.Patience);
            harness.Clock.Advance(delay);
            jobRelease.Release();
            var info = await afterController.BatchCompleted(time).WaitAsync(ReceiverHarness.Patience);
            Assert.Equal(delay, info.ProcessingDelay);
            counts.Add(info.NumRecords);
        }

        // First batch: only recorded. Second: P = 1 and no queue, so the estimate is the second batch's processing rate.
        var expected = (long)(counts[1] / 0.8);
        Assert.Equal(expected, stream.RateController!.LatestRate);
        Assert.Equal(expected, stream.Supervisor.Limiter!.Rate);
        Assert.InRange(counts[0], 999, 1000);
    }

    [Fact]
    public async Task InvalidBackpressureOptions_AreRejectedWhenTheStreamIsCreated()
    {
        await using var harness = ReceiverHarness.Create(new StreamingOptions { BackpressureEnabled = true, BackpressureInitialRate = 0 });
        var initial = Assert.Throws<ArgumentOutOfRangeException>(() => harness.Context.ReceiverStream(new ManualReceiver()));
        Assert.Equal(nameof(StreamingOptions.BackpressureInitialRate), initial.ParamName);

        harness.Context.Options.BackpressureInitialRate = null;
        harness.Context.Options.BackpressureMinRate = 0;
        var minRate = Assert.Throws<ArgumentOutOfRangeException>(() => harness.Context.ReceiverStream(new ManualReceiver()));
        Assert.Contains("minRate", minRate.Message);

        harness.Context.Options.BackpressureMinRate = 100;
        var receiver = new ManualReceiver();
        harness.Collect(harness.Context.ReceiverStream(receiver)); // the rejected attempts left nothing behind
        harness.Start();
        receiver.Store(1);
        Assert.Equal(1, (await harness.RunBatchAsync()).NumRecords);
    }

    /// <summary>Stops the clock one tick before the next batch until the receiver has caught up, then runs the batch.</summary>
    private static async Task<BatchInfo> RunCaughtUpBatchAsync(ReceiverHarness harness, ReceiverInputDStream<int> stream)
    {
        await CatchUpAsync(harness, stream, harness.NextBatch);
        return await harness.RunBatchAsync();
    }

    private static async Task CatchUpAsync(ReceiverHarness harness, ReceiverInputDStream<int> stream, Time batch)
    {
        // First until the receiver waits in its limiter at all (its thread may not have reached it yet).
        await stream.Supervisor.Limiter!.WhenCaughtUp().WaitAsync(ReceiverHarness.Patience);
        var almost = batch.ToDateTimeOffset() - Tick;
        if (almost > harness.Clock.GetUtcNow())
        {
            harness.Clock.Advance(almost - harness.Clock.GetUtcNow());
        }
        await stream.Supervisor.Limiter!.WhenCaughtUp().WaitAsync(ReceiverHarness.Patience);
    }

    private static DateTimeOffset Max(DateTimeOffset left, DateTimeOffset right) => left > right ? left : right;
}

/// <summary>A receiver with an endless backlog: its thread stores 0, 1, 2, … as fast as the limiter allows.</summary>
internal sealed class FloodReceiver : Receiver<int>
{
    private Thread? thread;

    protected override void OnStart()
    {
        var stopping = StoppingToken;
        thread = new Thread(() =>
        {
            for (var i = 0; !stopping.IsCancellationRequested; i++)
            {
                Store(i);
            }
        })
        { IsBackground = true, Name = "flood-receiver" };
        thread.Start();
    }

    protected override void OnStop() => thread?.Join();
}

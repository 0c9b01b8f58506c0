using Ember.Streaming.Listener;
using Ember.Streaming.RateControl;

namespace Ember.Streaming.Tests.RateControl;

public class RateControllerTests
{
    private const int StreamId = 3;

    [Fact]
    public void OnBatchCompleted_FeedsItsStreamsRecordsAndDelays_AndPublishesEachEstimate()
    {
        var estimator = new RecordingEstimator(_ => 1234.9);
        var controller = new RecordingController(StreamId, estimator);

        controller.OnBatchCompleted(Batches.Completed(1, records: 500, schedulingMs: 300, processingMs: 1500, otherStreamRecords: 77));

        var call = Assert.Single(estimator.Calls);
        Assert.Equal((new Time(1000), 500L, TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(300)), call);
        Assert.Equal([1234L], controller.Published); // truncated to whole records, as Spark does
        Assert.Equal(1234, controller.LatestRate);
    }

    [Fact]
    public void OnBatchCompleted_NoEstimate_PublishesNothing()
    {
        var controller = new RecordingController(StreamId, new RecordingEstimator(_ => null));

        controller.OnBatchCompleted(Batches.Completed(1, records: 500, schedulingMs: 0, processingMs: 100));

        Assert.Empty(controller.Published);
        Assert.Null(controller.LatestRate);
    }

    [Fact]
    public void OnBatchCompleted_BatchesWithoutThisStreamOrNotFinished_AreIgnored()
    {
        var estimator = new RecordingEstimator(_ => 500);
        var controller = new RecordingController(StreamId, estimator);

        controller.OnBatchCompleted(Batches.Completed(1, records: 500, schedulingMs: 0, processingMs: 100) with
        {
            StreamIdToInputInfo = new Dictionary<int, StreamInputInfo> { [StreamId + 1] = new(StreamId + 1, 500) },
        });
        controller.OnBatchCompleted(Batches.Completed(2, records: 500, schedulingMs: 0, processingMs: 100) with { ProcessingEndTime = null });

        Assert.Empty(estimator.Calls);
        Assert.Empty(controller.Published);
    }

    [Fact]
    public void OnBatchCompleted_NegativeSchedulingDelay_CountsAsZero()
    {
        // A graceful stop generates its last batch before the batch's time: it "starts" before it is due.
        var estimator = new RecordingEstimator(_ => 100);
        var controller = new RecordingController(StreamId, estimator);

        controller.OnBatchCompleted(Batches.Completed(5, records: 10, schedulingMs: -400, processingMs: 100));

        Assert.Equal(TimeSpan.Zero, Assert.Single(estimator.Calls).SchedulingDelay);
    }

    [Fact]
    public void MaxRate_BoundsEveryPublishedRate_AndOneIsTheFloor()
    {
        var estimates = new Queue<double?>([5000.0, 250.7, 0.4]);
        var controller = new RecordingController(StreamId, new RecordingEstimator(_ => estimates.Dequeue()), maxRate: 300);

        for (var second = 1; second <= 3; second++)
        {
            controller.OnBatchCompleted(Batches.Completed(second, records: 10, schedulingMs: 0, processingMs: 10));
        }

        Assert.Equal([300L, 250L, 1L], controller.Published);
        Assert.Equal(1, controller.LatestRate);
    }

    [Fact]
    public void WithThePidEstimator_MaxRateCapsTheEstimate_WhileTheEstimatorKeepsItsOwn()
    {
        var controller = new RecordingController(StreamId, new PidRateEstimator(TimeSpan.FromSeconds(1)), maxRate: 1500);

        controller.OnBatchCompleted(Batches.Completed(1, records: 1000, schedulingMs: 0, processingMs: 500));  // 2000/s: recorded
        controller.OnBatchCompleted(Batches.Completed(2, records: 1000, schedulingMs: 0, processingMs: 400));  // 2500/s
        controller.OnBatchCompleted(Batches.Completed(3, records: 1000, schedulingMs: 0, processingMs: 1000)); // 1000/s

        // Estimates 2500 (capped to 1500), then 2500 - (2500 - 1000) = 1000, as in Spark, where the cap is the limiter's.
        Assert.Equal([1500L, 1000L], controller.Published);
    }

    [Fact]
    public void Constructor_RejectsBadArguments()
    {
        Assert.Throws<ArgumentNullException>(() => new RecordingController(StreamId, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecordingController(StreamId, new RecordingEstimator(_ => 1), maxRate: 0));
        var controller = new RecordingController(StreamId, new RecordingEstimator(_ => 1));
        Assert.Throws<ArgumentNullException>(() => controller.OnBatchCompleted(null!));
        Assert.Equal(StreamId, controller.StreamId);
        Assert.Null(controller.MaxRate);
    }

    private sealed class RecordingEstimator(Func<long, double?> estimate) : IRateEstimator
    {
        public List<(Time Time, long Elements, TimeSpan ProcessingDelay, TimeSpan SchedulingDelay)> Calls { get; } = [];

        public double? Compute(Time batchTime, long elements, TimeSpan processingDelay, TimeSpan schedulingDelay)
        {
            Calls.Add((batchTime, elements, processingDelay, schedulingDelay));
            return estimate(elements);
        }
    }
}

/// <summary>A controller that records what it publishes (the shape a direct Kafka stream's would have).</summary>
internal sealed class RecordingController(int streamId, IRateEstimator estimator, long? maxRate = null) : RateController(streamId, estimator, maxRate)
{
    private readonly Lock gate = new();
    private readonly List<long> published = [];

    public IReadOnlyList<long> Published
    {
        get
        {
            lock (gate)
            {
                return [.. published];
            }
        }
    }

    protected override void Publish(long rate)
    {
        lock (gate)
        {
            published.Add(rate);
        }
    }
}

/// <summary>Synthetic completed batches, for driving rate controllers without running jobs.</summary>
internal static class Batches
{
    /// <summary>Batch at <paramref name="second"/> s (stream 3 holding <paramref name="records"/>), started and ended after the given delays.</summary>
    public static BatchInfo Completed(long second, long records, double schedulingMs, double processingMs, long? otherStreamRecords = null) =>
        Completed(new Time(second * 1000), 3, records, TimeSpan.FromMilliseconds(schedulingMs), TimeSpan.FromMilliseconds(processingMs), otherStreamRecords);

    public static BatchInfo Completed(Time time, int streamId, long records, TimeSpan schedulingDelay, TimeSpan processingDelay, long? otherStreamRecords = null)
    {
        var inputs = new Dictionary<int, StreamInputInfo> { [streamId] = new(streamId, records) };
        if (otherStreamRecords is { } other)
        {
            inputs[streamId + 100] = new StreamInputInfo(streamId + 100, other);
        }
        var start = time.ToDateTimeOffset() + schedulingDelay;
        return new BatchInfo(time, inputs, time.ToDateTimeOffset(), start, start + processingDelay, new Dictionary<int, OutputOperationInfo>());
    }
}

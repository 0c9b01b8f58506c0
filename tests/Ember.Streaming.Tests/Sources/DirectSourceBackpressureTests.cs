using Ember.Streaming.Listener;
using Ember.Streaming.Sources;
using Ember.Streaming.Tests.Checkpointing;
using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.Sources;

/// <summary>
/// Backpressure offered by the public source contract: a source written against it alone (<see cref="CounterSource"/>)
/// is bounded by <c>BackpressureRate</c>, the initial rate first, then the estimates of its completed batches.
/// </summary>
public sealed class DirectSourceBackpressureTests
{
    [Fact]
    public async Task BackpressureRate_InitialRateThenAnEstimate_BoundsEachBatchOfAThirdPartySource()
    {
        await using var fixture = new CheckpointFixture();
        var (run, source, numbers) = Open(fixture, options =>
        {
            options.BackpressureEnabled = true;
            options.BackpressureInitialRate = 3;
            options.BackpressureMinRate = 1;
        });
        run.Start();

        // 3 records/s × 1 s, although 100 are waiting; batches on the fake clock take no time, so no estimate yet.
        await run.AdvanceAsync();
        await run.AdvanceAsync();
        Assert.Equal([0, 1, 2], numbers.At(Batch(1)));
        Assert.Equal([3, 4, 5], numbers.At(Batch(2)));

        // Completed batches as the listener bus delivers them: 10 records in 1 s sets the PID's set point at 10/s,
        // then 2 records in 2 s (1/s) pull the rate down to 1/s.
        var controller = source.PullController!;
        controller.OnBatchCompleted(Completed(Batch(100), source.Id, records: 10, processing: TimeSpan.FromSeconds(1)));
        controller.OnBatchCompleted(Completed(Batch(101), source.Id, records: 2, processing: TimeSpan.FromSeconds(2)));
        await run.AdvanceAsync();

        Assert.Equal([6], numbers.At(Batch(3)));
        Assert.Equal([3, 3, 1], source.RatesSeen);
    }

    [Fact]
    public async Task BackpressureRate_BackpressureOff_IsNullAndTheSourceReadsEverything()
    {
        await using var fixture = new CheckpointFixture();
        var (run, source, numbers) = Open(fixture, options => options.BackpressureInitialRate = 3);
        run.Start();

        await run.AdvanceAsync();

        Assert.Equal(100, numbers.At(Batch(1)).Count);
        Assert.Null(source.PullController);
        Assert.Equal([null], source.RatesSeen);
    }

    [Fact]
    public async Task Constructor_NonPositiveInitialRate_ThrowsNamingTheOption()
    {
        await using var fixture = new CheckpointFixture();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Open(ssc => _ = new CounterSource(ssc), configure: options =>
        {
            options.BackpressureEnabled = true;
            options.BackpressureInitialRate = 0;
        }));

        Assert.Equal(nameof(StreamingOptions.BackpressureInitialRate), error.ParamName);
    }

    /// <summary>A run whose only stream is a <see cref="CounterSource"/> with 100 numbers waiting, and a recorder of its batches.</summary>
    private static (RecoveryRun Run, CounterSource Source, Recorder<long> Numbers) Open(CheckpointFixture fixture, Action<StreamingOptions> configure)
    {
        var numbers = new Recorder<long>();
        CounterSource? source = null;
        var run = fixture.Open(ssc =>
        {
            source = new CounterSource(ssc) { Available = 100 };
            numbers.Attach(source);
        }, configure: configure);
        return (run, source!, numbers);
    }

    private static BatchInfo Completed(Time time, int streamId, long records, TimeSpan processing)
    {
        var start = time.ToDateTimeOffset();
        return new BatchInfo(time, new Dictionary<int, StreamInputInfo> { [streamId] = new(streamId, records) }, start, start, start + processing,
            new Dictionary<int, OutputOperationInfo>());
    }
}

/// <summary>What one batch of <see cref="CounterSource"/> reads: the numbers [From, Until).</summary>
public sealed record CounterRange(long From, long Until);

/// <summary>
/// A source written against the public contract only: the numbers 0, 1, 2, ... up to <see cref="Available"/>, each
/// batch reading what it may under <see cref="DirectInputDStream{TAllocation, T}.BackpressureRate"/>.
/// </summary>
public sealed class CounterSource(StreamingContext context) : DirectInputDStream<CounterRange, long>(context, "CounterStream", new CounterReader())
{
    private long next;

    /// <summary>How many numbers exist so far.</summary>
    public long Available { get; set; }

    /// <summary>The backpressure rate each allocation saw, in order.</summary>
    public List<long?> RatesSeen { get; } = [];

    protected override CounterRange Allocate(Time batchTime, CancellationToken cancellationToken)
    {
        var rate = BackpressureRate;
        RatesSeen.Add(rate);
        var limit = rate is { } perSecond ? (long)(perSecond * SlideDuration.TotalSeconds) : long.MaxValue;
        var range = new CounterRange(next, next + Math.Min(Available - next, limit));
        next = range.Until;
        return range;
    }

    protected override long? CountRecords(CounterRange allocation) => allocation.Until - allocation.From;
}

/// <summary>The task side: one partition per batch with numbers in it.</summary>
public sealed class CounterReader : SourceReader<CounterRange, long>
{
    public override int PartitionCount(CounterRange allocation) => allocation.Until > allocation.From ? 1 : 0;

    public override IEnumerable<long> Read(CounterRange allocation, int partition, SourceReadContext context)
    {
        for (var n = allocation.From; n < allocation.Until; n++)
        {
            yield return n;
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Tests.Context;

public class LifecycleRulesTests
{
    private static readonly TimeSpan SafetyNet = StreamingHarness.SafetyNet;

    [Fact]
    public async Task Start_NoOutputOperation_ThrowsMentioningOutputOperations()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1]).Map(x => x + 1);

        var error = Assert.Throws<InvalidOperationException>(h.Context.Start);

        Assert.Contains("output operation", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(StreamingContextState.Initialized, h.Context.State);
        Assert.Null(StreamingContext.GetActive());
    }

    [Fact]
    public async Task Start_WhileAnotherContextIsActive_ThrowsThenWorksAfterItStops()
    {
        await using var first = new StreamingHarness();
        await using var second = new StreamingHarness();
        first.Queue<int>([1]).ForEachRdd(_ => { });
        var seen = new ConcurrentQueue<IReadOnlyList<int>>();
        second.Queue<int>([7, 8]).ForEachRdd(rdd => seen.Enqueue(rdd.Collect()));
        first.Context.Start();

        var error = Assert.Throws<InvalidOperationException>(second.Context.Start);
        Assert.Contains("only one", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("active", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(StreamingContextState.Initialized, second.Context.State);
        Assert.Same(first.Context, StreamingContext.GetActive());

        await first.Context.StopAsync().WaitAsync(SafetyNet);
        second.Context.Start();
        await second.RunBatchAsync();

        Assert.Equal(StreamingContextState.Active, second.Context.State);
        Assert.Same(second.Context, StreamingContext.GetActive());
        Assert.Equal([[7, 8]], seen);
    }

    [Fact]
    public async Task QueueStream_AfterStart_ThrowsNamingOperation()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1]).ForEachRdd(_ => { });
        h.Context.Start();

        var error = Assert.Throws<InvalidOperationException>(() => h.Context.QueueStream(new ConcurrentQueue<Rdd<int>>()));

        Assert.Contains("QueueStream", error.Message);
    }

    [Fact]
    public async Task Map_AfterStart_ThrowsNamingOperation()
    {
        await using var h = new StreamingHarness();
        var input = h.Queue<int>([1]);
        input.ForEachRdd(_ => { });
        h.Context.Start();

        var error = Assert.Throws<InvalidOperationException>(() => input.Map(x => x * 2));

        Assert.Contains("Map", error.Message);
    }

    [Fact]
    public async Task Print_AfterStart_ThrowsNamingOperation()
    {
        await using var h = new StreamingHarness();
        var input = h.Queue<int>([1]);
        input.ForEachRdd(_ => { });
        h.Context.Start();

        var error = Assert.Throws<InvalidOperationException>(() => input.Print());

        Assert.Contains("Print", error.Message);
    }

    [Fact]
    public async Task ForEachRdd_AfterStart_ThrowsNamingOperation()
    {
        await using var h = new StreamingHarness();
        var input = h.Queue<int>([1]);
        input.ForEachRdd(_ => { });
        h.Context.Start();

        var error = Assert.Throws<InvalidOperationException>(() => input.ForEachRdd(_ => { }));

        Assert.Contains("ForEachRdd", error.Message);
    }

    [Fact]
    public async Task SaveAsTextFiles_AfterStart_ThrowsNamingOperation()
    {
        await using var h = new StreamingHarness();
        var input = h.Queue<int>([1]);
        input.ForEachRdd(_ => { });
        h.Context.Start();

        var error = Assert.Throws<InvalidOperationException>(() => input.SaveAsTextFiles(Path.Combine(Path.GetTempPath(), "never-written")));

        Assert.Contains("SaveAsTextFiles", error.Message);
    }

    [Fact]
    public async Task QueueStream_AfterStop_ThrowsSayingStopped()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1]).ForEachRdd(_ => { });
        h.Context.Start();
        await h.Context.StopAsync().WaitAsync(SafetyNet);

        var error = Assert.Throws<InvalidOperationException>(() => h.Context.QueueStream(new ConcurrentQueue<Rdd<int>>()));

        Assert.Contains("QueueStream", error.Message);
        Assert.Contains("stopped", error.Message);
    }

    [Fact]
    public async Task RememberAndCheckpoint_AfterStart_Throw()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1]).ForEachRdd(_ => { });
        h.Context.Start();

        Assert.Contains("Remember", Assert.Throws<InvalidOperationException>(() => h.Context.Remember(TimeSpan.FromSeconds(5))).Message);
        Assert.Contains("Checkpoint", Assert.Throws<InvalidOperationException>(() => h.Context.Checkpoint(Path.GetTempPath())).Message);
    }

    [Fact]
    public async Task Start_AfterStop_ThrowsCannotBeRestarted()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1]).ForEachRdd(_ => { });
        h.Context.Start();
        await h.Context.StopAsync().WaitAsync(SafetyNet);

        var error = Assert.Throws<InvalidOperationException>(h.Context.Start);

        Assert.Contains("stopped", error.Message);
        Assert.Equal(StreamingContextState.Stopped, h.Context.State);
        Assert.Null(StreamingContext.GetActive());
    }

    [Fact]
    public async Task Start_StoppedBeforeEverStarting_Throws()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1]).ForEachRdd(_ => { });
        await h.Context.StopAsync().WaitAsync(SafetyNet);

        Assert.Throws<InvalidOperationException>(h.Context.Start);
        Assert.Equal(StreamingContextState.Stopped, h.Context.State);
    }

    [Fact]
    public async Task Start_Twice_SecondCallDoesNothing()
    {
        await using var h = new StreamingHarness();
        var recorder = new RecordingListener();
        h.Context.AddStreamingListener(recorder);
        var times = new ConcurrentQueue<Time>();
        h.Queue<int>([1], [2]).ForEachRdd((_, time) => times.Enqueue(time));
        h.Context.Start();
        var startTime = h.Context.StartTime;

        h.Context.Start();
        await h.RunBatchesAsync(2);
        await h.Context.StopAsync().WaitAsync(SafetyNet);

        Assert.Equal(startTime, h.Context.StartTime);
        Assert.Equal([h.BatchTime(0), h.BatchTime(1)], times);
        Assert.Single(recorder.StreamingStarted);
    }

    [Fact]
    public async Task StopAsync_CalledTwice_IsIdempotent()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1]).ForEachRdd(_ => { });
        h.Context.Start();
        await h.RunBatchAsync();

        var stop = h.Context.StopAsync();
        var again = h.Context.StopAsync(graceful: true);
        await Task.WhenAll(stop, again).WaitAsync(SafetyNet);
        await h.Context.StopAsync().WaitAsync(SafetyNet);
        await h.Context.DisposeAsync();

        Assert.Same(stop, again);
        Assert.Equal(StreamingContextState.Stopped, h.Context.State);
    }

    [Fact]
    public async Task StopAsync_NeverStarted_StopsAndCompletesTermination()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1]).ForEachRdd(_ => { });

        await h.Context.StopAsync().WaitAsync(SafetyNet);

        Assert.Equal(StreamingContextState.Stopped, h.Context.State);
        await h.Context.AwaitTerminationAsync().WaitAsync(SafetyNet);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    public void Constructor_IntervalNotPositive_ThrowsArgumentOutOfRange(int milliseconds)
    {
        using var ember = new EmberContext(new EmberOptions { Master = "local[1]" });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingContext(ember, TimeSpan.FromMilliseconds(milliseconds)));

        Assert.Equal("batchInterval", error.ParamName);
    }

    [Theory]
    [InlineData(1)]        // 0.1 µs
    [InlineData(15_000)]   // 1.5 ms
    public void Constructor_IntervalNotWholeMilliseconds_ThrowsArgumentOutOfRange(long ticks)
    {
        using var ember = new EmberContext(new EmberOptions { Master = "local[1]" });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingContext(ember, TimeSpan.FromTicks(ticks)));

        Assert.Equal("batchInterval", error.ParamName);
        Assert.Contains("millisecond", error.Message);
    }

    [Fact]
    public void Constructor_NullEmberContext_ThrowsArgumentNull()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new StreamingContext((EmberContext)null!, TimeSpan.FromSeconds(1)));

        Assert.Equal("context", error.ParamName);
    }

    [Fact]
    public async Task Constructor_NullEmberOptions_ThrowsArgumentNull()
    {
        StreamingContext? created = null;
        try
        {
            Assert.Throws<ArgumentNullException>(() => created = new StreamingContext((EmberOptions)null!, TimeSpan.FromSeconds(1)));
        }
        finally
        {
            if (created is not null)
            {
                await created.DisposeAsync();
            }
        }
    }

    [Fact]
    public void Constructor_EmberOptionsWithBadInterval_LeavesNoEmberContextRunning()
    {
        var logs = new CapturingLoggerFactory();

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new StreamingContext(new EmberOptions { Master = "local[1]", LoggerFactory = logs }, TimeSpan.Zero));

        // Nobody else holds an engine the constructor created, so every one started must have been stopped.
        Assert.Equal(EngineLogs(logs, "started"), EngineLogs(logs, "stopped"));
    }

    [Fact]
    public void Constructor_EmberOptionsWithBadStreamingOptions_LeavesNoEmberContextRunning()
    {
        var logs = new CapturingLoggerFactory();

        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingContext(
            new EmberOptions { Master = "local[1]", LoggerFactory = logs },
            TimeSpan.FromSeconds(1),
            new StreamingOptions { ConcurrentJobs = 0, TimeProvider = new FakeTimeProvider() }));

        Assert.Equal(EngineLogs(logs, "started"), EngineLogs(logs, "stopped"));
    }

    [Fact]
    public void Constructor_ConcurrentJobsBelowOne_ThrowsArgumentOutOfRange()
    {
        using var ember = new EmberContext(new EmberOptions { Master = "local[1]" });

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new StreamingContext(ember, TimeSpan.FromSeconds(1), new StreamingOptions { ConcurrentJobs = 0, TimeProvider = new FakeTimeProvider() }));
    }

    /// <summary>How many "Ember context '...' started/stopped" messages the engine logged.</summary>
    private static int EngineLogs(CapturingLoggerFactory logs, string what) =>
        logs.Messages.Count(message => message.StartsWith("Ember context", StringComparison.Ordinal) && message.Contains($" {what}", StringComparison.Ordinal));
}

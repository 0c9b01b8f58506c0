using System.Collections.Concurrent;
using Ember.Examples.LogDirectory;
using Ember.Streaming;
using Ember.Streaming.Listener;
using Ember.Streaming.Sources;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Examples.Tests.LogDirectory;

/// <summary>
/// A <see cref="LogDirectoryStream"/> job on a fake clock, built with <see cref="StreamingContext.GetOrCreate"/> over
/// a checkpoint directory (so a second run recovers), that records each batch's allocation and lines; one batch per
/// <see cref="NextBatchAsync"/>, awaited with a deadline, no sleeps.
/// </summary>
internal sealed class LogDirectoryRun : IStreamingListener, IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Time, TaskCompletionSource> completed = new();
    private readonly ConcurrentDictionary<Time, (LogAllocation Allocation, IReadOnlyList<string> Lines)> batches = new();
    private readonly FakeTimeProvider clock;
    private readonly StreamingContext context;
    private readonly Task failure;

    private LogDirectoryRun(string log, string checkpoint, DateTimeOffset now)
    {
        clock = new FakeTimeProvider(now);
        context = StreamingContext.GetOrCreate(checkpoint, () =>
        {
            var ssc = new StreamingContext(
                new EmberOptions { Master = "local[2]", AppName = "LogDirectoryTests" }, Interval, new StreamingOptions { TimeProvider = clock });
            Source = new LogDirectoryStream(ssc, log);
            Source.WithName("log").ForEachRdd((rdd, time) => batches[time] = (((IHasAllocation<LogAllocation>)rdd).Allocation, rdd.Collect()));
            return ssc;
        });
        context.AddStreamingListener(this);
        failure = context.AwaitTerminationAsync();
        context.Start();
    }

    public LogDirectoryStream Source { get; private set; } = null!;

    /// <summary>The fake clock's time: a later run starts from it to recover where this one stopped.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    public static LogDirectoryRun Start(string log, string checkpoint, DateTimeOffset now) => new(log, checkpoint, now);

    /// <summary>Moves the clock one batch on and returns that batch's allocation and lines once it has completed.</summary>
    public async Task<(LogAllocation Allocation, IReadOnlyList<string> Lines)> NextBatchAsync()
    {
        clock.Advance(Interval);
        var time = Time.From(clock.GetUtcNow());
        await Task.WhenAny(Completion(time).Task, failure).WaitAsync(Deadline);
        if (failure.IsCompleted)
        {
            await failure;
            throw new InvalidOperationException($"The context stopped before batch {time}.");
        }
        return batches[time];
    }

    public void OnBatchCompleted(BatchInfo batch) => Completion(batch.BatchTime).TrySetResult();

    public async ValueTask DisposeAsync() => await context.StopAsync(graceful: true);

    private TaskCompletionSource Completion(Time time) =>
        completed.GetOrAdd(time, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

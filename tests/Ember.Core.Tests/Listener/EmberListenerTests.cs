using System.Collections.Concurrent;
using Ember.Listener;
using Microsoft.Extensions.Logging;

namespace Ember.Tests.Listener;

/// <summary>
/// The batch engine's listener contract in local mode: one executor <c>driver</c>, one start and one end per task
/// attempt, in order, on the bus's thread, and a throwing listener that harms no one. Disposing the context delivers
/// every event posted before, so the tests read what the listeners heard right after it, without waiting.
/// </summary>
public sealed class EmberListenerTests
{
    [Fact]
    public void AddListener_LocalContext_HearsTheDriverExecutorWithTheWorkerThreadsAsCores()
    {
        var recorder = new Recorder();
        using (var context = new EmberContext(new EmberOptions { Master = "local[3]" }))
        {
            context.AddListener(recorder);
        }

        var added = Assert.IsType<ExecutorInfo>(Assert.Single(recorder.Events));
        Assert.Equal("driver", added.ExecutorId);
        Assert.Equal(3, added.TotalCores);
        Assert.Equal("localhost", added.HostPort);
    }

    [Fact]
    public void OnTaskEnd_ShuffleJob_EachTaskStartsThenSucceedsOnTheDriverOnTheBusThread()
    {
        var recorder = new Recorder();
        using (var context = new EmberContext(new EmberOptions { Master = "local[2]" }))
        {
            context.AddListener(recorder);
            var counts = context.Parallelize(Enumerable.Range(0, 100), 4).Map(x => (x % 3, 1)).ReduceByKey((a, b) => a + b, 2).CollectAsMap();
            Assert.Equal(34, counts[0]);
        }

        Assert.IsType<ExecutorInfo>(recorder.Events[0]);
        var starts = recorder.Events.OfType<TaskStartInfo>().ToList();
        var ends = recorder.Events.OfType<TaskEndInfo>().ToList();
        // 4 map tasks, then 2 reduce tasks.
        Assert.Equal(6, starts.Count);
        Assert.Equal(6, ends.Count);
        Assert.All(ends, end =>
        {
            Assert.Equal("driver", end.ExecutorId);
            Assert.Equal(TaskEndStatus.Succeeded, end.Status);
            Assert.Null(end.FailureReason);
            Assert.True(end.Duration >= TimeSpan.Zero);
            var start = starts.Single(start => (start.StageId, start.PartitionId, start.Attempt) == (end.StageId, end.PartitionId, end.Attempt));
            Assert.True(recorder.Events.IndexOf(start) < recorder.Events.IndexOf(end), $"the start of {end} came after its end");
        });
        Assert.Equal([0, 1, 2, 3], ends.Take(4).Select(end => end.PartitionId).Order());
        Assert.Single(ends.Take(4).Select(end => end.StageId).Distinct());
        Assert.Equal(["ember-listener-bus"], recorder.Threads.Distinct());
    }

    [Fact]
    public async Task OnTaskEnd_TaskFailsOnce_EndsFailedWithItsReasonThenTheRetrySucceeds()
    {
        var recorder = new Recorder();
        using (var context = new EmberContext(new EmberOptions { Master = "local[1]" }))
        {
            context.AddListener(recorder);
            var sums = await context.RunJobAsync(context.Parallelize([1, 2], 1), (task, items) =>
                task.AttemptNumber == 0 ? throw new InvalidDataException("first attempt fails") : items.Sum());
            Assert.Equal([3], sums);
        }

        var ends = recorder.Events.OfType<TaskEndInfo>().ToList();
        Assert.Equal([TaskEndStatus.Failed, TaskEndStatus.Succeeded], ends.Select(end => end.Status));
        Assert.Equal([0, 1], ends.Select(end => end.Attempt));
        Assert.Equal("System.IO.InvalidDataException: first attempt fails", ends[0].FailureReason);
    }

    [Fact]
    public void AddListener_ThrowingListener_IsLoggedAndTheOthersAndItselfKeepHearingEvents()
    {
        var logged = new ConcurrentQueue<string>();
        var thrower = new Recorder(throws: true);
        var recorder = new Recorder();
        using (var loggers = LoggerFactory.Create(builder => builder.AddProvider(new CollectingProvider(logged))))
        using (var context = new EmberContext(new EmberOptions { Master = "local[2]", LoggerFactory = loggers }))
        {
            context.AddListener(thrower);
            context.AddListener(recorder);
            Assert.Equal(10, context.Parallelize(Enumerable.Range(0, 10), 2).Count());
        }

        Assert.Equal(5, recorder.Events.Count);
        Assert.Equal(recorder.Events, thrower.Events);
        Assert.Equal(5, logged.Count(line => line.StartsWith("Ember listener Recorder failed", StringComparison.Ordinal)));
    }

    [Fact]
    public void AddListener_AfterJobsRan_FirstHearsTheActiveExecutorThenOnlyLaterTasks()
    {
        var recorder = new Recorder();
        using (var context = new EmberContext(new EmberOptions { Master = "local[2]" }))
        {
            context.AddListener(new Recorder());
            context.Parallelize(Enumerable.Range(0, 10), 2).Count();
            context.AddListener(recorder);
            context.Parallelize(Enumerable.Range(0, 10), 1).Count();
        }

        Assert.Equal([typeof(ExecutorInfo), typeof(TaskStartInfo), typeof(TaskEndInfo)], recorder.Events.Select(e => e.GetType()));
    }

    [Fact]
    public void AddListener_StoppedContext_ThrowsObjectDisposedException()
    {
        var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        context.Dispose();

        Assert.Throws<ObjectDisposedException>(() => context.AddListener(new Recorder()));
    }

    /// <summary>Every event in the order heard, and the thread each came on; optionally throwing after recording.</summary>
    private sealed class Recorder(bool throws = false) : IEmberListener
    {
        public List<object> Events { get; } = [];

        public List<string?> Threads { get; } = [];

        public void OnExecutorAdded(ExecutorInfo executor) => Record(executor);

        public void OnExecutorRemoved(ExecutorRemovedInfo removed) => Record(removed);

        public void OnTaskStart(TaskStartInfo task) => Record(task);

        public void OnTaskEnd(TaskEndInfo task) => Record(task);

        // No lock: the bus delivers one event at a time, and the test reads after the context's dispose joined it.
        private void Record(object e)
        {
            Events.Add(e);
            Threads.Add(Thread.CurrentThread.Name);
            if (throws)
            {
                throw new InvalidOperationException("listener bug");
            }
        }
    }

    private sealed class CollectingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collecting(lines);

        public void Dispose()
        {
        }

        private sealed class Collecting(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}

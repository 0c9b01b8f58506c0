using Ember.Cluster.Tests.Control;
using Ember.Listener;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Scheduling;

/// <summary>The listener events a <c>local-cluster</c> context posts: its executors, and where each task ran with its shuffle bytes.</summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class ClusterListenerTests(ITestOutputHelper output)
{
    // Starting two executor processes and stopping them on a two-core machine shared with other builds.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AddListener_ShuffleJobOnTwoExecutors_HearsBothExecutorsTheirTasksAndTheShuffleBytes()
    {
        var recorder = new Recorder();
        using var loggers = TestOutputLoggerProvider.Factory(output);
        var context = await Task.Run(() => new EmberContext(new EmberOptions { Master = "local-cluster[2,1]", LoggerFactory = loggers })).WaitAsync(Deadline);
        try
        {
            // Added after the executors registered (the context waits for them): they are replayed to the listener first.
            context.AddListener(recorder);
            var counts = await context.Parallelize(Enumerable.Range(0, 10_000), 4).Map(x => (x % 10, 1)).ReduceByKey((a, b) => a + b, 2)
                .CollectAsync().WaitAsync(Deadline);
            Assert.All(counts, pair => Assert.Equal(1_000, pair.Item2));
        }
        finally
        {
            // Disposing stops the executors and delivers what the bus still held: neither may hang.
            await Task.Run(context.Dispose).WaitAsync(Deadline);
        }

        var added = recorder.Events.Take(2).Cast<ExecutorInfo>().ToList();
        Assert.Equal(["0", "1"], added.Select(executor => executor.ExecutorId).Order());
        Assert.All(added, executor =>
        {
            Assert.Equal(1, executor.TotalCores);
            Assert.Matches(@"^127\.0\.0\.1:\d+$", executor.HostPort);
        });
        var ends = recorder.Events.OfType<TaskEndInfo>().ToList();
        foreach (var end in ends)
        {
            output.WriteLine(end.ToString());
        }
        Assert.Equal(6, ends.Count);
        Assert.All(ends, end => Assert.Equal(TaskEndStatus.Succeeded, end.Status));
        Assert.Equal(["0", "1"], ends.Select(end => end.ExecutorId).Distinct().Order());
        Assert.Equal(recorder.Events.OfType<TaskStartInfo>().Select(start => (start.StageId, start.PartitionId, start.ExecutorId)).Order(),
            ends.Select(end => (end.StageId, end.PartitionId, end.ExecutorId)).Order());
        var maps = ends.Take(4).ToList();
        var reduces = ends.Skip(4).ToList();
        Assert.All(maps, map => Assert.True(map.ShuffleBytesWritten > 0, $"{map} wrote no shuffle bytes"));
        Assert.All(reduces, reduce => Assert.True(reduce.ShuffleBytesRead > 0, $"{reduce} read no shuffle bytes"));
        // Every block written is read once, by its one reducer, from the executor that wrote it or fetched from the other.
        Assert.Equal(maps.Sum(map => map.ShuffleBytesWritten), reduces.Sum(reduce => reduce.ShuffleBytesRead));
    }

    /// <summary>Every event in order; read after the context's dispose joined the bus's thread.</summary>
    private sealed class Recorder : IEmberListener
    {
        public List<object> Events { get; } = [];

        public void OnExecutorAdded(ExecutorInfo executor) => Events.Add(executor);

        public void OnExecutorRemoved(ExecutorRemovedInfo removed) => Events.Add(removed);

        public void OnTaskStart(TaskStartInfo task) => Events.Add(task);

        public void OnTaskEnd(TaskEndInfo task) => Events.Add(task);
    }
}

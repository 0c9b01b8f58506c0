using Ember.Cluster.Tests.Control;
using Ember.Dependencies;
using Ember.Listener;

namespace Ember.Cluster.Tests.Scheduling;

/// <summary>An RDD's preferred locations on <c>local-cluster</c>: followed while the preferred executor is free, ignored when it is unknown.</summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class PreferredLocationsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PreferredLocations_OneTaskAtATime_EachRunsOnTheExecutorItPrefers()
    {
        var recorder = new TaskEnds();
        var context = await Task.Run(() => new EmberContext(new EmberOptions { Master = "local-cluster[2,1]" })).WaitAsync(Deadline);
        try
        {
            context.AddListener(recorder);
            Assert.Equal(["0", "1"], context.ExecutorIds);
            string[] wanted = ["1", "0", "1", "1", "0", "unknown-executor"];
            foreach (var executor in wanted)
            {
                var values = await new PreferringRdd(context, executor).CollectAsync().WaitAsync(Deadline);
                Assert.Equal([42], values);
            }
            await Task.Run(context.Dispose).WaitAsync(Deadline);
            Assert.Equal(wanted[..^1], recorder.Executors.Take(wanted.Length - 1));
            Assert.Contains(recorder.Executors[^1], (string[])["0", "1"]);
        }
        finally
        {
            await Task.Run(context.Dispose).WaitAsync(Deadline);
        }
    }

    [Fact]
    public void ExecutorIds_Local_IsTheDriver()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });

        Assert.Equal([ExecutorInfo.DriverId], context.ExecutorIds);
    }

    /// <summary>One partition holding 42, which would rather be computed on <paramref name="executor"/>.</summary>
    private sealed class PreferringRdd(EmberContext context, string executor) : Rdd<int>(context, "Preferring")
    {
        protected override IReadOnlyList<Partition> GetPartitions() => [new Partition(0)];

        protected override IReadOnlyList<Dependency> GetDependencies() => [];

        protected internal override IReadOnlyList<string> PreferredLocations(Partition partition) => [executor];

        protected internal override IEnumerable<int> Compute(Partition partition, TaskContext context) => [42];
    }

    private sealed class TaskEnds : IEmberListener
    {
        private readonly List<string> executors = [];

        public IReadOnlyList<string> Executors
        {
            get
            {
                lock (executors)
                {
                    return [.. executors];
                }
            }
        }

        public void OnTaskEnd(TaskEndInfo task)
        {
            lock (executors)
            {
                executors.Add(task.ExecutorId);
            }
        }
    }
}

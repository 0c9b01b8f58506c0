using Ember.Scheduling;
using Ember.Shuffle;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Cluster.Tests.Failures;

/// <summary>
/// The DAG scheduler's bound on stage attempts (Spark's spark.stage.maxConsecutiveAttempts, 4): a stage whose tasks
/// keep finding a parent's map output missing resubmits its parents, then fails the job with a
/// <see cref="JobFailedException"/> saying why, never the engine's internal fetch-failure signal.
/// </summary>
public sealed class StageAttemptTests
{
    [Fact]
    public async Task RunJob_FetchFailureOnEveryStageAttempt_FailsTheJobAfterFourAttempts()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        var sums = context.Parallelize([1, 2, 3, 4], 2).Map(i => (i % 2, i)).ReduceByKey((a, b) => a + b, 1);
        using var backend = new FetchFailingBackend();
        var scheduler = new DagScheduler(backend, context.MapOutputs, maxTaskAttempts: 4, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<JobFailedException>(() =>
            scheduler.RunJobAsync(sums, (_, items) => items.Count(), [0], CancellationToken.None));

        Assert.Equal(4, error.Attempts);
        Assert.Equal(0, error.PartitionId);
        Assert.Contains("run 4 times for lack of map outputs", error.Message);
        Assert.Contains("Output of map task 1 of shuffle", error.Message);
        Assert.IsType<ShuffleOutputMissingException>(error.InnerException);
        // Each stage attempt ran the reducer once (a fetch failure is not retried as a task); the map outputs stayed
        // present, so the map stage ran once.
        Assert.Equal(4, backend.ResultLaunches);
        Assert.Equal(2, backend.MapLaunches);
    }

    /// <summary>Runs map tasks in this process; every result task reports map output 1 of its shuffle missing.</summary>
    private sealed class FetchFailingBackend : ISchedulerBackend
    {
        private int mapLaunches;
        private int resultLaunches;

        public int Parallelism => 1;

        public IReadOnlyList<string> ExecutorIds => ["driver"];

        public int MapLaunches => Volatile.Read(ref mapLaunches);

        public int ResultLaunches => Volatile.Read(ref resultLaunches);

        public Task<object?> LaunchAsync(TaskAddress address, StageBody stage, CancellationToken cancellationToken)
        {
            if (stage is ShuffleMapStageBody)
            {
                Interlocked.Increment(ref mapLaunches);
                return Task.FromResult(stage.Run(address, cancellationToken));
            }
            Interlocked.Increment(ref resultLaunches);
            var shuffle = StageLineage.ParentShuffles(stage.Rdd).Single();
            return Task.FromException<object?>(new ShuffleOutputMissingException(shuffle.ShuffleId, 1));
        }

        public void Dispose()
        {
        }
    }
}

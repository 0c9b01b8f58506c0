using System.Collections.Concurrent;
using Ember.Listener;
using Ember.Scheduling;

namespace Ember.Tests.Listener;

/// <summary>
/// The stage events of the listener contract (Spark's onStageSubmitted and onStageCompleted), which the console
/// progress bar draws from: one submitted and one completed event per stage attempt, around its tasks' events.
/// Disposing the context delivers every event posted before, so the tests read them right after it.
/// </summary>
public sealed class StageEventsTests
{
    [Fact]
    public void OnStageSubmitted_ShuffleJob_MapStageThenResultStageEachAroundItsTasks()
    {
        var recorder = new Recorder();
        using (var context = new EmberContext(new EmberOptions { Master = "local[2]" }))
        {
            context.AddListener(recorder);
            context.Parallelize(Enumerable.Range(0, 100), 4).Map(x => (x % 3, 1)).ReduceByKey((a, b) => a + b, 2).Collect();
        }

        var events = recorder.Events.ToList();
        var submitted = events.OfType<Submitted>().Select(e => e.Stage).ToList();
        var completed = events.OfType<Completed>().Select(e => e.Stage).ToList();
        Assert.Equal([(true, 4), (false, 2)], submitted.Select(stage => (stage.IsShuffleMap, stage.NumTasks)));
        Assert.Equal(submitted.Select(stage => stage.StageId), completed.Select(stage => stage.StageId));
        Assert.Single(submitted.Select(stage => stage.JobId).Distinct());
        Assert.StartsWith("ShuffleMapStage of", submitted[0].Name);
        Assert.All(completed, stage =>
        {
            Assert.Null(stage.FailureReason);
            Assert.True(stage.CompletionTime >= stage.SubmissionTime);
        });
        foreach (var stage in submitted)
        {
            var first = events.FindIndex(e => e is Submitted s && s.Stage.StageId == stage.StageId);
            var last = events.FindIndex(e => e is Completed c && c.Stage.StageId == stage.StageId);
            var tasks = events.Select((e, index) => (e, index)).Where(x => x.e is TaskEndInfo end && end.StageId == stage.StageId).Select(x => x.index).ToList();
            Assert.Equal(stage.NumTasks, tasks.Count);
            Assert.All(tasks, index => Assert.InRange(index, first, last));
        }
    }

    [Fact]
    public void OnStageCompleted_TaskFailsEveryAttempt_CarriesTheFailure()
    {
        var recorder = new Recorder();
        using (var context = new EmberContext(new EmberOptions { Master = "local[1,2]" }))
        {
            context.AddListener(recorder);
            Assert.Throws<JobFailedException>(() => context.Parallelize([1], 1).Map<int>(_ => throw new InvalidOperationException("bad record")).Collect());
        }

        var completed = Assert.Single(recorder.Events.OfType<Completed>()).Stage;
        Assert.Contains("JobFailedException", completed.FailureReason);
        Assert.NotNull(completed.CompletionTime);
    }

    private sealed record Submitted(StageInfo Stage);

    private sealed record Completed(StageInfo Stage);

    private sealed class Recorder : IEmberListener
    {
        public ConcurrentQueue<object> Events { get; } = new();

        public void OnStageSubmitted(StageInfo stage) => Events.Enqueue(new Submitted(stage));

        public void OnStageCompleted(StageInfo stage) => Events.Enqueue(new Completed(stage));

        public void OnTaskEnd(TaskEndInfo task) => Events.Enqueue(task);
    }
}

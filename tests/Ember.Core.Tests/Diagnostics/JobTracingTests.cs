using System.Collections.Concurrent;
using System.Diagnostics;
using Ember.Diagnostics;
using Ember.Scheduling;

namespace Ember.Tests.Diagnostics;

/// <summary>
/// Jobs run by the program itself (no streaming batch around them) as <see cref="EmberTracing"/> spans, read through a
/// plain <see cref="ActivityListener"/>: a root job span with its stages as children, or a child of the caller's span.
/// </summary>
public sealed class JobTracingTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> stopped = new();
    private readonly ActivityListener listener;

    public JobTracingTests()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is EmberTracing.ActivitySourceName or "Ember.Tests.Caller",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public void Dispose() => listener.Dispose();

    [Fact]
    public void Collect_WithAShuffle_RootJobSpanWithAShuffleMapAndAResultStage()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var sums = context.Parallelize([1, 2, 3, 4, 5], 3).Map(i => (i % 2, i)).ReduceByKey((a, b) => a + b, 2).SetName($"sums-{Guid.NewGuid():N}");

        Assert.Equal([(0, 6), (1, 9)], sums.Collect().Order());

        // Other tests run jobs at once: this one's job is the one on this uniquely named RDD.
        var job = Assert.Single(stopped, span => span.OperationName == EmberTracingTags.JobSpan && (string?)span.GetTagItem(EmberTracingTags.JobRdd) == sums.ToString());
        Assert.Equal(default, job.ParentSpanId);
        Assert.Equal(2, job.GetTagItem(EmberTracingTags.JobPartitions));
        var stages = stopped.Where(span => span.ParentSpanId == job.SpanId).OrderBy(span => (int)span.GetTagItem(EmberTracingTags.StageId)!).ToList();
        Assert.Equal([EmberTracingTags.StageSpan, EmberTracingTags.StageSpan], stages.Select(stage => stage.OperationName));
        Assert.Equal(["ShuffleMapStage", "ResultStage"], stages.Select(stage => stage.GetTagItem(EmberTracingTags.StageKind)));
        Assert.Equal([3, 2], stages.Select(stage => stage.GetTagItem(EmberTracingTags.StageTasks)));
        Assert.All(stages, stage => Assert.Equal(job.GetTagItem(EmberTracingTags.JobId), stage.GetTagItem(EmberTracingTags.JobId)));
        Assert.All(stages, stage => Assert.Equal(job.TraceId, stage.TraceId));
        Assert.All([job, .. stages], span => Assert.Equal(ActivityStatusCode.Unset, span.Status));
    }

    [Fact]
    public void Count_UnderTheCallersSpan_JobIsItsChild()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        using var caller = new ActivitySource("Ember.Tests.Caller");
        var rdd = context.Parallelize([1, 2, 3], 2).SetName($"counted-{Guid.NewGuid():N}");

        using (var request = caller.StartActivity("request"))
        {
            Assert.Equal(3, rdd.Count());
            var job = Assert.Single(stopped, span => span.OperationName == EmberTracingTags.JobSpan && (string?)span.GetTagItem(EmberTracingTags.JobRdd) == rdd.ToString());
            Assert.Equal(request!.SpanId, job.ParentSpanId);
            // The job's span ended with the job: the caller's span is current again.
            Assert.Same(request, Activity.Current);
        }
    }

    [Fact]
    public void Collect_TaskFailsEveryAttempt_JobAndStageSpansFailedWithTheException()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[1,2]" });
        var failing = context.Parallelize([1, 2], 1).Map<int>(_ => throw new InvalidOperationException("bad record")).SetName($"failing-{Guid.NewGuid():N}");

        Assert.Throws<JobFailedException>(() => failing.Collect());

        var job = Assert.Single(stopped, span => span.OperationName == EmberTracingTags.JobSpan && (string?)span.GetTagItem(EmberTracingTags.JobRdd) == failing.ToString());
        var stage = Assert.Single(stopped, span => span.ParentSpanId == job.SpanId);
        Assert.All([job, stage], span =>
        {
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal(typeof(JobFailedException).FullName, span.GetTagItem(EmberTracingTags.ErrorType));
            Assert.Contains(span.Events, e => e.Name == "exception");
        });
    }
}

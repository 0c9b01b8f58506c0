using System.Diagnostics;
using Ember.Diagnostics;

namespace Ember.Scheduling;

/// <summary>The tags of the scheduler's spans, set only on a span a listener sampled.</summary>
internal static class SchedulerTracing
{
    public static void TagJob(Activity activity, int jobId, int partitions, Rdd rdd)
    {
        activity.SetTag(EmberTracingTags.JobId, jobId);
        activity.SetTag(EmberTracingTags.JobPartitions, partitions);
        activity.SetTag(EmberTracingTags.JobRdd, rdd.ToString());
    }

    public static void TagStage(Activity activity, int jobId, int stageId, StageBody body, int tasks)
    {
        activity.SetTag(EmberTracingTags.JobId, jobId);
        activity.SetTag(EmberTracingTags.StageId, stageId);
        activity.SetTag(EmberTracingTags.StageKind, body is ShuffleMapStageBody ? "ShuffleMapStage" : "ResultStage");
        activity.SetTag(EmberTracingTags.StageName, body.Description);
        activity.SetTag(EmberTracingTags.StageTasks, tasks);
    }
}

using Ember.Streaming;
using Ember.Streaming.Listener;

namespace Ember.UI.Progress;

/// <summary>
/// The warnings of the banner: the last batch took longer than the batch interval, or the scheduling delay grew batch
/// after batch. Either means batches queue up: Spark users usually notice it only when memory runs out. And checkpoint
/// writes that fail: the job runs on, but a restart would go back to the last checkpoint written.
/// </summary>
internal static class HealthWarnings
{
    /// <summary>Consecutive increases of the scheduling delay that count as growth rather than jitter (random noise does this 1 time in 120).</summary>
    public const int GrowingBatches = 4;

    /// <summary>Batches after a checkpoint failure with no new failure, after which checkpoints count as resumed.</summary>
    public const int CheckpointFailureBatches = 2;

    public static IReadOnlyList<string> Of(IReadOnlyList<BatchSnapshot> completed, TimeSpan batchInterval, CheckpointFailureInfo? checkpointFailure = null)
    {
        var warnings = new List<string>();
        // Failures are posted per failed write, and successes are not: one older than a few completed batches is over.
        if (checkpointFailure is { } failure
            && (completed.Count == 0 || failure.BatchTime + batchInterval * CheckpointFailureBatches >= completed[^1].Info.BatchTime))
        {
            warnings.Add($"Checkpoint writes to {failure.Directory} are failing ({failure.ConsecutiveFailures} in a row, the {failure.What} of batch " +
                $"{Format.BatchTime(failure.BatchTime)}: {failure.Message}). Batches keep running; a restart would recover from the last checkpoint written.");
        }
        if (completed.Count == 0)
        {
            return warnings;
        }
        var last = completed[^1].Info;
        if (last.ProcessingDelay is { } processing && processing > batchInterval)
        {
            warnings.Add($"Batch {Format.BatchTime(last.BatchTime)} took {Format.Duration(processing)} to process, longer than the batch interval of " +
                $"{Format.Duration(batchInterval)}: batches will queue up unless the job gets faster or the interval longer.");
        }
        var growing = GrowingRun(completed);
        // Growth of less than a quarter of the interval over the run is jitter around a steady delay, not a backlog.
        if (growing >= GrowingBatches && last.SchedulingDelay is { } delay
            && delay - completed[^(growing + 1)].Info.SchedulingDelay!.Value >= batchInterval / 4)
        {
            warnings.Add($"Scheduling delay has grown for {growing} batches in a row, to {Format.Duration(delay)}: the job is falling behind its input.");
        }
        return warnings;
    }

    /// <summary>How many of the last batches each waited longer than the one before.</summary>
    private static int GrowingRun(IReadOnlyList<BatchSnapshot> completed)
    {
        var run = 0;
        for (var index = completed.Count - 1; index > 0; index--)
        {
            if (completed[index].Info.SchedulingDelay is not { } later || completed[index - 1].Info.SchedulingDelay is not { } earlier || later <= earlier)
            {
                break;
            }
            run++;
        }
        return run;
    }
}

using Ember.Streaming;

namespace Ember.UI.Progress;

/// <summary>
/// The warnings of the banner: the last batch took longer than the batch interval, or the scheduling delay grew batch
/// after batch. Either means batches queue up: Spark users usually notice it only when memory runs out.
/// </summary>
internal static class HealthWarnings
{
    /// <summary>Consecutive increases of the scheduling delay that count as growth rather than jitter (random noise does this 1 time in 120).</summary>
    public const int GrowingBatches = 4;

    public static IReadOnlyList<string> Of(IReadOnlyList<BatchSnapshot> completed, TimeSpan batchInterval)
    {
        var warnings = new List<string>();
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

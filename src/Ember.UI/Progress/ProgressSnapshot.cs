using Ember.Streaming;
using Ember.Streaming.Listener;

namespace Ember.UI.Progress;

/// <summary>
/// An immutable copy of what the UI knows at one instant; <see cref="Completed"/> runs oldest first. Averages are over
/// the retained completed batches, as Spark's are.
/// </summary>
internal sealed record ProgressSnapshot(
    TimeSpan BatchInterval,
    Time? StartTime,
    long TotalCompleted,
    long ProcessedRecords,
    long ReceivedRecords,
    IReadOnlyList<BatchSnapshot> Active,
    IReadOnlyList<BatchSnapshot> Completed,
    IReadOnlyList<SourceSnapshot> Sources,
    IReadOnlyList<(int StreamId, PartitionProgress Progress)> Partitions,
    IReadOnlyList<OperatorState> State,
    CheckpointFailureInfo? CheckpointFailure = null)
{
    /// <summary>Records per second, averaged over the retained completed batches.</summary>
    public double? AverageInputRate => Completed.Count == 0 ? null : Completed.Average(batch => batch.Info.NumRecords) / BatchInterval.TotalSeconds;

    /// <summary>One stream's records per second, averaged over the retained completed batches.</summary>
    public double? AverageInputRateOf(int streamId) =>
        Completed.Count == 0 ? null : Completed.Average(batch => batch.RecordsOf(streamId)) / BatchInterval.TotalSeconds;

    /// <summary>The average of a delay over the retained completed batches that have it.</summary>
    public TimeSpan? Average(Func<BatchInfo, TimeSpan?> delay)
    {
        var values = Completed.Select(batch => delay(batch.Info)).OfType<TimeSpan>().ToList();
        return values.Count == 0 ? null : TimeSpan.FromTicks((long)values.Average(value => value.Ticks));
    }

    /// <summary>Signs that the job falls behind its input or cannot checkpoint, newest batches first; empty when healthy.</summary>
    public IReadOnlyList<string> Warnings => HealthWarnings.Of(Completed, BatchInterval, CheckpointFailure);
}

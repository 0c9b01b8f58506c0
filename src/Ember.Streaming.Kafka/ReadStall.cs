using System.Diagnostics;
using Confluent.Kafka;

namespace Ember.Streaming.Kafka;

/// <summary>
/// Watches one range's read for stalls: after each poll timeout without a record it reports that the partition's
/// leader cannot be reached, and after the retry timeout (when set) it fails the read.
/// </summary>
internal sealed class ReadStall(OffsetRange range, KafkaReadSettings settings, Action<string, int> report)
{
    private long sinceProgress = Stopwatch.GetTimestamp();
    private long sinceReport = Stopwatch.GetTimestamp();
    private int reports;

    public void Progressed()
    {
        sinceProgress = sinceReport = Stopwatch.GetTimestamp();
    }

    public void Waited()
    {
        var stalled = Stopwatch.GetElapsedTime(sinceProgress);
        if (settings.RetryTimeout is { } limit && stalled >= limit)
        {
            throw new KafkaException(new Error(ErrorCode.Local_TimedOut,
                $"No record of {range} arrived for {stalled.TotalSeconds:0.#} s, longer than the retry timeout of {limit.TotalSeconds:0.#} s (topic '{range.Topic}', partition {range.Partition}); is the broker up?"));
        }
        if (Stopwatch.GetElapsedTime(sinceReport) >= settings.PollTimeout)
        {
            sinceReport = Stopwatch.GetTimestamp();
            report($"No record of {range} arrived for {stalled.TotalSeconds:0.#} s (topic '{range.Topic}', partition {range.Partition}); waiting for its leader to come back.", ++reports);
        }
    }
}

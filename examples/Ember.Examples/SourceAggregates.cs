using Ember.Streaming;

namespace Ember.Examples;

/// <summary>
/// The two results of the seed's analytics job, over readings keyed by source: shared by realtimeanalytics and the
/// iotsensors scenario, which compute them the same way.
/// </summary>
internal static class SourceAggregates
{
    /// <summary>Every batch, each source's total since the start (UpdateStateByKey, stateful: needs a checkpoint directory).</summary>
    public static DStream<(int Source, long Total)> RunningTotals(DStream<(int Source, long Value)> readings, string name) =>
        readings.UpdateStateByKey((IReadOnlyList<long> batch, Option<long> total) => Option.Some(total.GetValueOrDefault(0) + batch.Sum()))
            .WithName(name);

    /// <summary>
    /// Every slide, each source's average over the window: (sum, count) kept incrementally with the inverse function,
    /// sources whose readings all left the window dropped, and the average is sum / count (the seed divided by 60).
    /// </summary>
    public static DStream<(int Source, double Average)> WindowAverages(DStream<(int Source, long Value)> readings, TimeSpan window, TimeSpan slide, string name) =>
        readings.Map(pair => (pair.Source, (Sum: pair.Value, Count: 1L)))
            .ReduceByKeyAndWindow(
                (a, b) => (a.Sum + b.Sum, a.Count + b.Count),
                (a, b) => (a.Sum - b.Sum, a.Count - b.Count),
                window,
                slide,
                filter: entry => entry.Value.Count > 0)
            .WithName(name)
            .MapValues(sums => (double)sums.Sum / sums.Count);
}

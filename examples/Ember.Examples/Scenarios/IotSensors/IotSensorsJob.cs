using Ember.Streaming;

namespace Ember.Examples.Scenarios.IotSensors;

/// <summary>The streams of the iotsensors job.</summary>
/// <param name="Totals">Every batch, each meter's total since the start (UpdateStateByKey, as realtimeanalytics).</param>
/// <param name="Averages">Every slide, each meter's average reading over the window (incremental, as realtimeanalytics).</param>
/// <param name="Events">Every batch, the meters that came online or went offline (MapWithState timeouts).</param>
/// <param name="LastSeen">Every batch, when each meter still online was last seen.</param>
internal sealed record IotSensorsStreams(
    DStream<(int Meter, long Total)> Totals,
    DStream<(int Meter, double Average)> Averages,
    DStream<MeterEvent> Events,
    DStream<(int Meter, Time LastSeen)> LastSeen);

/// <summary>The graph of the iotsensors scenario, on any stream of <c>"&lt;meterId&gt; &lt;value&gt;"</c> messages.</summary>
internal static class IotSensorsJob
{
    public static IotSensorsStreams Define(DStream<string> messages, IotSensorsOptions options)
    {
        var readings = messages.Map(RealTimeAnalyticsReading.Parse)
            .Filter(reading => reading.IsValid)
            .Map(reading => (reading.Source, (long)reading.Value))
            .Cache();

        var totals = SourceAggregates.RunningTotals(readings, "meter-totals");
        var averages = SourceAggregates.WindowAverages(readings, options.Window, options.Slide, "meter-window-sums");

        // The state of a meter is the batch it was last seen in. A meter silent for longer than the timeout gets one
        // last call marked as timing out: that is its offline event; its state goes, so its next reading is "online".
        var presence = readings.MapWithState(StateSpec.Function((Time time, int meter, Option<long> _, State<Time> lastSeen) =>
        {
            if (lastSeen.IsTimingOut)
            {
                return Option.Some(new MeterEvent(meter, Online: false, lastSeen.Get()));
            }
            var cameOnline = !lastSeen.Exists;
            lastSeen.Update(time);
            return cameOnline ? Option.Some(new MeterEvent(meter, Online: true, time)) : Option<MeterEvent>.None;
        }).Timeout(options.OfflineAfter));
        presence.WithName("meter-presence");
        return new IotSensorsStreams(totals, averages, presence, presence.StateSnapshots());
    }
}

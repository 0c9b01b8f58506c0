namespace Ember.Examples.Scenarios.IotSensors;

/// <summary>
/// Generates smart-meter readings, batch by batch, reproducibly from a seed: each online meter sends a few readings
/// a batch, <c>"&lt;meterId&gt; &lt;watt-hours&gt;"</c> (the message format of realtimeanalytics), around its own
/// consumption level. Known outages: <see cref="Outages"/>.
/// </summary>
internal sealed class MeterGenerator(int seed, int meters, int readingsPerMeter)
{
    /// <summary>Meter 3 goes silent from batch 5 on; meter 7 is silent in batches 8 to 13 and comes back at 14.</summary>
    public static readonly (int Meter, int From, int Until)[] Outages = [(3, 5, int.MaxValue), (7, 8, 14)];

    public bool IsOnline(int meter, int batch) => !Outages.Any(outage => outage.Meter == meter && batch >= outage.From && batch < outage.Until);

    public IEnumerable<string> Batch(int batch) => Readings(batch).Select(reading => $"{reading.Meter} {reading.WattHours}");

    public IEnumerable<(int Meter, int WattHours)> Readings(int batch)
    {
        var random = BatchRandom.For(seed, batch);
        for (var reading = 0; reading < readingsPerMeter; reading++)
        {
            for (var meter = 1; meter <= meters; meter++)
            {
                if (IsOnline(meter, batch))
                {
                    // Meter m draws about 20·m Wh per reading, ±25%.
                    yield return (meter, (int)Math.Round(20 * meter * (0.75 + 0.5 * random.NextDouble())));
                }
            }
        }
    }
}

using Ember.Examples.Scenarios.IotSensors;
using Ember.Streaming.Testing;

namespace Ember.Examples.Tests.Scenarios;

public sealed class IotSensorsTests
{
    // Batches of 1 s; averages over 4 batches sliding by 2; a meter silent for more than 3 s is offline.
    private static readonly IotSensorsOptions Options = new()
    {
        Meters = 10,
        Window = TimeSpan.FromSeconds(4),
        Slide = TimeSpan.FromSeconds(2),
        OfflineAfter = TimeSpan.FromSeconds(3),
    };

    private static readonly MeterGenerator Generator = new(seed: 2, meters: 10, readingsPerMeter: 3);

    private static readonly List<List<(int Meter, int WattHours)>> Readings = [.. Enumerable.Range(0, 18).Select(batch => Generator.Readings(batch).ToList())];

    private static readonly IReadOnlyList<IReadOnlyList<string>> Messages = [.. Enumerable.Range(0, 18).Select(batch => Generator.Batch(batch).ToList())];

    [Fact]
    public async Task Events_MetersFallingSilent_ReportedOfflineAfterTheTimeoutAndOnlineWhenBack()
    {
        var outputs = await StreamingTest.RunAsync(Messages, messages => IotSensorsJob.Define(messages, Options).Events, Messages.Count);

        var start = new StreamingTestOptions().StartTime.ToUnixTimeMilliseconds() + 1000;
        Streaming.Time Batch(int index) => new(start + 1000 * index);
        var expected = Enumerable.Range(0, 18).Select(_ => new List<MeterEvent>()).ToList();
        expected[0].AddRange(Enumerable.Range(1, 10).Select(meter => new MeterEvent(meter, true, Batch(0))));
        // Meter 3, last seen at batch 4, is idle 4 s > 3 s at batch 8; meter 7, last seen at batch 7, at batch 11.
        expected[8].Add(new MeterEvent(3, false, Batch(4)));
        expected[11].Add(new MeterEvent(7, false, Batch(7)));
        expected[14].Add(new MeterEvent(7, true, Batch(14)));
        Assert.Equal(expected, outputs.Select(batch => batch.OrderBy(e => e.Meter).ToList()));
    }

    [Fact]
    public async Task LastSeen_EachBatch_HoldsTheMetersNotYetTimedOut()
    {
        var outputs = await StreamingTest.RunAsync(Messages, messages => IotSensorsJob.Define(messages, Options).LastSeen, Messages.Count);

        Assert.Equal([10, 10, 10, 10, 10, 10, 10, 10, 9, 9, 9, 8, 8, 8, 9, 9, 9, 9], outputs.Select(batch => batch.Count));
    }

    [Fact]
    public async Task Totals_EachBatch_AreEachMetersSumSinceTheStart()
    {
        var outputs = await StreamingTest.RunAsync(Messages, messages => IotSensorsJob.Define(messages, Options).Totals, Messages.Count);

        var expected = Enumerable.Range(0, 18).Select(batch => Readings.Take(batch + 1).SelectMany(readings => readings)
            .GroupBy(r => r.Meter).Select(g => (g.Key, (long)g.Sum(r => r.WattHours))).OrderBy(t => t.Key).ToList());
        Assert.Equal(expected, outputs.Select(batch => batch.OrderBy(t => t.Meter).ToList()));
    }

    [Fact]
    public async Task Averages_EachSlide_AreEachMetersMeanOverTheWindow()
    {
        var outputs = await StreamingTest.RunAsync(Messages, messages => IotSensorsJob.Define(messages, Options).Averages, Messages.Count);

        var expected = Windows.Of(Readings, window: 4, slide: 2)
            .Select(w => w.Records.GroupBy(r => r.Meter).Select(g => (g.Key, g.Average(r => (double)r.WattHours))).OrderBy(a => a.Key).ToList());
        Assert.Equal(expected, outputs.Select(batch => batch.OrderBy(a => a.Meter).ToList()));
        // Meter 3's last readings (batch 4) are in the window ending at batch 7 (batches 4 to 7), not in the next one.
        Assert.Contains(outputs[3], a => a.Meter == 3);
        Assert.DoesNotContain(outputs[4], a => a.Meter == 3);
    }
}

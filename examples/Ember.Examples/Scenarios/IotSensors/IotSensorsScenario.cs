using Ember.Streaming;

namespace Ember.Examples.Scenarios.IotSensors;

/// <summary>
/// The seed's IoT sensor processing: smart-meter readings; running totals and windowed averages per meter (the
/// main job, realtimeanalytics, on a generated feed), and meters reported offline when they fall silent.
/// </summary>
internal static class IotSensorsScenario
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = ScenarioOptions.Parse<IotSensorsOptions>("iotsensors", args);
        var generator = new MeterGenerator(options.Seed, options.Meters, options.Rate);
        return ScenarioRunner.RunAsync("iotsensors", options, generator.Batch, messages =>
        {
            var job = IotSensorsJob.Define(messages, options);
            job.Totals.ForEachRdd((rdd, time) => Console.WriteLine($"[{ScenarioRunner.Stamp(time)}] totals (Wh): "
                + string.Join("  ", rdd.Collect().OrderBy(t => t.Meter).Select(t => $"{t.Meter}: {RealTimeAnalyticsOutput.Total(t.Total)}"))));
            job.Averages.ForEachRdd((rdd, time) => Console.WriteLine($"[{ScenarioRunner.Stamp(time)}] average reading over the window (Wh): "
                + string.Join("  ", rdd.Collect().OrderBy(a => a.Meter).Select(a => $"{a.Meter}: {RealTimeAnalyticsOutput.Average(a.Average)}"))));
            job.Events.ForEachRdd((rdd, time) =>
            {
                var changes = rdd.Collect().OrderBy(e => e.Meter).ToList();
                if (changes.Any(change => change.Online))
                {
                    Console.WriteLine($"[{ScenarioRunner.Stamp(time)}] online: meters {string.Join(", ", changes.Where(c => c.Online).Select(c => c.Meter))}");
                }
                foreach (var change in changes.Where(change => !change.Online))
                {
                    Console.WriteLine($"[{ScenarioRunner.Stamp(time)}] OFFLINE: meter {change.Meter}, silent since {ScenarioRunner.Stamp(change.LastSeen)}");
                }
            });
            // The driver runs output operations one batch after another, so this count needs no lock.
            var online = 0L;
            job.LastSeen.ForEachRdd((rdd, time) =>
            {
                var now = rdd.Count();
                if (now != online)
                {
                    Console.WriteLine($"[{ScenarioRunner.Stamp(time)}] {now} of {options.Meters} meters online");
                    online = now;
                }
            });
        });
    }
}

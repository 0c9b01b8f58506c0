using System.Globalization;
using Ember.Streaming;

namespace Ember.Examples.Scenarios.LogAnalytics;

/// <summary>
/// The seed's real-time log analysis: web access-log lines; every batch the requests per status; every slide the
/// top URLs and the server-error rate over the window, with an alert when it passes the threshold.
/// </summary>
internal static class LogAnalyticsScenario
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = ScenarioOptions.Parse<LogAnalyticsOptions>("loganalytics", args);
        var generator = new AccessLogGenerator(options.Seed, options.Rate, options.BatchInterval, options.Incident);
        return ScenarioRunner.RunAsync("loganalytics", options, generator.Batch, lines =>
        {
            var job = LogAnalyticsJob.Define(lines, options);
            job.StatusCounts.ForEachRdd((rdd, time) =>
            {
                var counts = rdd.Collect().OrderBy(count => count.Status).ToList();
                var requests = counts.Sum(count => count.Requests);
                var errors = counts.Where(count => count.Status >= 500).Sum(count => count.Requests);
                Console.WriteLine($"[{ScenarioRunner.Stamp(time)}] {requests} requests, {errors} server errors | "
                    + string.Join("  ", counts.Select(count => $"{count.Status}: {count.Requests}")));
            });
            job.Malformed.ForEachRdd((rdd, time) =>
            {
                var malformed = rdd.Collect().Sum();
                if (malformed > 0)
                {
                    Console.WriteLine($"[{ScenarioRunner.Stamp(time)}] {malformed} malformed lines skipped");
                }
            });
            var window = $"{options.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
            job.TopUrls.ForEachRdd((rdd, time) =>
                Console.WriteLine($"[{ScenarioRunner.Stamp(time)}] top URLs, last {window}: "
                    + string.Join(", ", rdd.Collect().Select(url => $"{url.Url} {url.Hits}"))));
            job.Alerts.ForEachRdd((rdd, time) =>
            {
                foreach (var alert in rdd.Collect())
                {
                    Console.WriteLine($"[{ScenarioRunner.Stamp(time)}] ALERT server-error rate {alert.Rate:P1} over the last {window} "
                        + $"({alert.Errors} of {alert.Requests} requests) is above {options.Threshold:P0}");
                }
            });
        });
    }
}

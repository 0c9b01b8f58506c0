using System.Globalization;

namespace Ember.Examples.Scenarios.LogAnalytics;

/// <summary>
/// Generates a web shop's access log, batch by batch, reproducibly from a seed: popular pages requested far more
/// than others, mostly 200s with some redirects, 304s and 404s, about 1.5% server errors, and an incident (a database
/// outage) during the batches of <c>incident</c> when a quarter of all requests fail with 500 or 503. About one line
/// in a thousand is garbage, as real logs have.
/// </summary>
internal sealed class AccessLogGenerator(int seed, int linesPerBatch, TimeSpan batchInterval, Range incident)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    // (url, relative popularity, method): a few pages take most of the traffic.
    private static readonly (string Url, int Weight, string Method)[] Pages =
    [
        ("/", 30, "GET"), ("/products", 22, "GET"), ("/products/4711", 12, "GET"), ("/products/1024", 8, "GET"),
        ("/api/search?q=shoes", 10, "GET"), ("/cart", 7, "POST"), ("/checkout", 5, "POST"), ("/login", 4, "POST"),
        ("/static/app.js", 9, "GET"), ("/favicon.ico", 3, "GET"),
    ];

    private static readonly int[] Weights = [.. Pages.Select(page => page.Weight)];

    private static readonly string[] Agents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "curl/8.5.0",
    ];

    public bool IsIncident(int batch) => batch >= incident.Start.Value && batch < incident.End.Value;

    public IEnumerable<string> Batch(int batch)
    {
        var random = BatchRandom.For(seed, batch);
        for (var i = 0; i < linesPerBatch; i++)
        {
            if (random.Next(1000) == 0)
            {
                yield return "GET /broken-line-without-fields";
                continue;
            }
            var page = Pages[WeightedChoice.Index(random, Weights)];
            var status = Status(random, IsIncident(batch));
            var time = Start + batchInterval * batch + batchInterval * i / linesPerBatch;
            var client = $"198.51.100.{random.Next(1, 255)}";
            var bytes = status is 304 or 500 or 503 ? 0 : random.Next(300, 60_000);
            yield return $"{client} - - [{time.ToString(AccessLogEntry.TimeFormat, CultureInfo.InvariantCulture)}] \"{page.Method} {page.Url} HTTP/1.1\" "
                + $"{status} {bytes} \"-\" \"{Agents[random.Next(Agents.Length)]}\"";
        }
    }

    private static int Status(Random random, bool incident)
    {
        if (incident && random.NextDouble() < 0.25)
        {
            return random.NextDouble() < 0.7 ? 500 : 503;
        }
        var draw = random.NextDouble();
        return draw < 0.015 ? 500
            : draw < 0.05 ? 404
            : draw < 0.09 ? 304
            : draw < 0.11 ? 301
            : 200;
    }
}

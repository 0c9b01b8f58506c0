using System.Collections.Frozen;
using System.Reactive.Linq;
using System.Runtime.InteropServices;
using Ember.Streaming;

namespace Ember.Benchmarks.SideBySide;

/// <summary>
/// After the Yahoo streaming benchmark: ad events (ad, type, event time), keep the views, look each ad's campaign up in
/// a static map (1,000 ads, 100 campaigns), count per campaign per 10-second event-time window, every batch. The
/// static map is a lookup inside <c>Map</c>, as the benchmark's Spark job does, not a shuffle join.
/// </summary>
internal static class YahooWorkload
{
    public const string Name = "Yahoo-like";
    private const int Ads = 1000;
    private const int View = 0;

    public static Workload Create(int eventsPerBatch, int batches)
    {
        var random = new Random(5);
        var input = Enumerable.Range(0, 4).Select(batch => Enumerable.Range(0, eventsPerBatch)
            .Select(i => new AdEvent(random.Next(Ads), random.Next(3), batch * 1000L + i * 1000L / eventsPerBatch + random.Next(20_000)))
            .ToArray()).ToArray();
        var campaigns = Enumerable.Range(0, Ads).ToFrozenDictionary(ad => (long)ad, ad => (long)(ad % 100));
        Func<BatchAggregation<AdEvent>> count = () => new CampaignCounts(campaigns);
        return new Workload(Name, $"{eventsPerBatch:N0} ad events per batch: filter views, join ad→campaign, count per campaign per 10 s window",
            eventsPerBatch, 1, batches,
            [
                LibraryRuns.HandLoop(input, count),
                EmberRun<AdEvent>.Contender("Ember", input, (_, events) => events
                    .Filter(e => e.Type == View)
                    .Map(e => (WindowKey(campaigns[e.Ad], e.Time), 1L))
                    .ReduceByKey((a, b) => a + b)
                    .Map(pair => Checksums.Of(pair.Key, pair.Value))),
                LibraryRuns.Rx(input, events => events
                    .Where(e => e.Type == View)
                    .Select(e => WindowKey(campaigns[e.Ad], e.Time))
                    .GroupBy(key => key)
                    .SelectMany(group => group.LongCount().Select(total => Checksums.Of(group.Key, total)))
                    .Sum()),
                DuckDbRun.Contender(input, "CREATE TABLE events (ad BIGINT, type INTEGER, time BIGINT)",
                    (row, e) => row.AppendValue(e.Ad).AppendValue(e.Type).AppendValue(e.Time),
                    "SELECT a.campaign * 1000000 + e.time // 10000, count(*) FROM events e JOIN ads a ON e.ad = a.ad WHERE e.type = 0 GROUP BY ALL",
                    "CREATE TABLE ads (ad BIGINT, campaign BIGINT)",
                    $"INSERT INTO ads SELECT i, i % 100 FROM range({Ads}) t(i)"),
                LibraryRuns.Dataflow(input, count),
                LibraryRuns.Channels(input, count),
                LibraryRuns.Akka(input, count),
            ],
            Ratios.EmberAgainstAll("Hand-written loop", "System.Reactive", "DuckDB", "TPL Dataflow", "System.Threading.Channels", "Akka.Streams"));
    }

    private static long WindowKey(long campaign, long time) => campaign * 1_000_000 + time / 10_000;

    /// <summary>An ad event: ad id, type (0 view, 1 click, 2 purchase) and event time in milliseconds.</summary>
    internal readonly record struct AdEvent(long Ad, int Type, long Time);

    private sealed class CampaignCounts(FrozenDictionary<long, long> campaigns) : BatchAggregation<AdEvent>
    {
        private readonly Dictionary<long, long> counts = [];

        public override void Add(AdEvent record) => Add([record]);

        public override void Add(ReadOnlySpan<AdEvent> records)
        {
            foreach (var e in records)
            {
                if (e.Type == View)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(counts, WindowKey(campaigns[e.Ad], e.Time), out _)++;
                }
            }
        }

        public override long EndBatch()
        {
            var checksum = Checksums.Of(counts);
            counts.Clear();
            return checksum;
        }
    }
}

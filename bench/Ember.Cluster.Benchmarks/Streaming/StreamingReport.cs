using System.Text;
using static Ember.Cluster.Benchmarks.ClusterReport;

namespace Ember.Cluster.Benchmarks.Streaming;

/// <summary>Renders the streaming sections (issue 14) as markdown, with the ratios its closing note reports.</summary>
internal static class StreamingReport
{
    public static string Throughput(SectionResult result, int records)
    {
        var text = Heading(result, MainJobThroughput.Describe(records));
        text.AppendLine("| Master | Median processing time | Records per second | Driver CPU | Executors CPU | Others' CPU during the run |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var contender in result.Contenders)
        {
            var samples = result.Of(contender.Name, MainJobThroughput.Metric);
            text.AppendLine($"| {contender.Name} | {Seconds(samples)} | {Median(samples.Select(s => s.Rate)):N0} | " +
                            $"{Cpu(samples, s => s.Driver)} | {Cpu(samples, s => s.Executors)} | {Cpu(samples, s => s.Others)} |");
        }
        text.AppendLine();
        text.AppendLine($"- **{Cluster2} against {Cluster1} (records per second, repetition by repetition): " +
                        $"{Spread(Ratios(result, MainJobThroughput.Metric, Cluster2, Cluster1, s => s.Rate))}**");
        text.AppendLine($"- {Cluster1} against {Local1}: {Spread(Ratios(result, MainJobThroughput.Metric, Cluster1, Local1, s => s.Rate))} " +
                        "(what running the same work in an executor process costs)");
        return text.ToString();
    }

    public static string Loss(ExecutorLossDelay.Result result)
    {
        var text = new StringBuilder();
        text.AppendLine($"## {ExecutorLossDelay.Title}");
        text.AppendLine();
        text.AppendLine($"The main job's graph ({AnalyticsJob.ParseIterations:N0}-round parse) on {Cluster2}, 1 s batches, about {result.RecordsPerSecond:N0} " +
                        $"records a second produced into Kafka; executor 1 SIGKILLed after {ExecutorLossDelay.BatchesBeforeKill} batches (the master starts a replacement). " +
                        $"Totals after the run equal the records produced: **{(result.TotalsExact ? "yes" : "NO")}**.");
        text.AppendLine();
        var before = result.Batches.Where(batch => batch.Time + batch.TotalDelay < result.KilledAt).ToList();
        var normal = before.Count > 0 ? before.Max(batch => batch.TotalDelay) : TimeSpan.Zero;
        var after = result.Batches.Where(batch => batch.Time + batch.TotalDelay >= result.KilledAt).ToList();
        var late = after.Where(batch => batch.TotalDelay > normal).ToList();
        text.AppendLine($"- Before the kill, the longest total delay of a batch: {normal.TotalSeconds:F2} s");
        text.AppendLine($"- **Batches late after the kill** (total delay above that): **{late.Count}**, the worst {(late.Count > 0 ? late.Max(batch => batch.TotalDelay).TotalSeconds : 0):F2} s");
        var lastLate = late.LastOrDefault();
        text.AppendLine(lastLate is null
            ? "- No batch was later than before the kill"
            : lastLate == after[^1]
                ? "- The job had not caught up by the end of the run"
                : $"- **Caught up** (the last late batch completed) **{(lastLate.Time + lastLate.TotalDelay - result.KilledAt).TotalSeconds:F1} s after the kill**");
        text.AppendLine();
        text.AppendLine("| Batch | Records | Scheduling delay | Processing | Total delay |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var batch in result.Batches)
        {
            var mark = batch.Time <= result.KilledAt && result.KilledAt < batch.Time + batch.TotalDelay ? " (kill)" : "";
            text.AppendLine($"| {batch.Time:HH:mm:ss}{mark} | {batch.Records:N0} | {batch.SchedulingDelay.TotalSeconds:F2} s | {batch.Processing.TotalSeconds:F2} s | {batch.TotalDelay.TotalSeconds:F2} s |");
        }
        return text.ToString();
    }
}

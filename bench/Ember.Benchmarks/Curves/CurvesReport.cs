using System.Text;
using Ember.Benchmarks.SideBySide;

namespace Ember.Benchmarks.Curves;

/// <summary>
/// Renders a curves run as Markdown: how it was measured, then per curve its charts (PNG files beside the report)
/// and a table per metric with every point, a skipped contender written as such rather than left blank.
/// </summary>
internal static class CurvesReport
{
    public static string Markdown(CurvesSettings settings, IReadOnlyList<CurveResult> results, string load, double estimatedSeconds, Func<CurveResult, CurveMetric, string> chartFile)
    {
        var text = new StringBuilder();
        text.AppendLine($"# Ember cost curves, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC{(settings.Quick ? " (quick)" : "")}");
        text.AppendLine();
        text.AppendLine($"- Command: `{settings.CommandLine}`");
        text.AppendLine($"- Ember source: {Report.SourceVersion()}");
        text.AppendLine($"- Machine: {Machine.Describe()}");
        text.AppendLine($"- Load average (1/5/15 min): {load}");
        text.AppendLine($"- Took {results.Sum(result => result.Elapsed.TotalMinutes):F1} min (the plan estimated {estimatedSeconds / 60:F1} min)");
        text.AppendLine("- Each point is a side-by-side workload at that size: its contenders run in rotating order (A B …, … B A), their checksums checked against each other batch by batch; " +
                        "a run processes its warm-up batches (not measured), then the measured ones. Only a curve's first point has a warm-up run per contender; later points run warm");
        text.AppendLine("- Batch time p50: the median of every measured batch of every run. Records per CPU-second: the median over runs of records over the process's CPU time (all threads). " +
                        "State per key: the managed heap after the measured batches less the heap before the contender started, over the keys");
        text.AppendLine($"- A contender whose run at a point would exceed {CurveRunner.RunLimit.TotalSeconds:F0} s, predicted from its p50 batch times at the points before (the last one, grown as the last two grew on a log-log scale, times the run's batches), is skipped there and beyond, and the table says so");
        text.AppendLine($"- Ember: local[2], queue stream on a fake clock, batches back to back, {EmberRun<int>.Partitions} input partitions per batch");
        foreach (var result in results)
        {
            text.AppendLine();
            text.AppendLine($"## {result.Curve.Title}: against {result.Curve.XTitle.ToLowerInvariant()}");
            text.AppendLine();
            text.AppendLine($"{result.Curve.Note} Took {result.Elapsed.TotalSeconds:F0} s.");
            foreach (var metric in result.Curve.Metrics)
            {
                text.AppendLine();
                text.AppendLine($"![{metric.Name}: {result.Curve.Title}]({chartFile(result, metric)})");
            }
            foreach (var metric in result.Curve.Metrics)
            {
                text.AppendLine();
                text.AppendLine($"### {metric.Name}");
                text.AppendLine();
                text.AppendLine($"| {result.Curve.XTitle} | Batches (warm-up + measured) × runs | {string.Join(" | ", result.Contenders)} |");
                text.AppendLine($"|---:|---:|{string.Concat(result.Contenders.Select(_ => "---:|"))}");
                foreach (var point in result.Points)
                {
                    var cells = result.Contenders.Select(contender =>
                        point.Skipped.FirstOrDefault(skipped => skipped.Name == contender) is { } skipped
                            ? $"skipped (predicted {skipped.PredictedSeconds:F0} s per run)"
                            : point.Value(metric, contender) is { } value ? metric.Format(value) : "–");
                    text.AppendLine($"| {LogTicks.Count(point.Point.X)} | ({point.Workload.WarmBatches} + {point.Workload.MeasuredBatches}) × {point.Point.Repetitions} | {string.Join(" | ", cells)} |");
                }
            }
        }
        return text.ToString();
    }
}

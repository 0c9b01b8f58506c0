using ScottPlot;
using SkiaSharp;

namespace Ember.Benchmarks.Curves;

/// <summary>
/// Draws one metric of a curve as a PNG: one line per contender over log10 of the size (and of the value, for a
/// log-scale metric), Ember's lines thicker, the legend right of the plot so that it hides no line. A contender
/// skipped at some points says so in the legend.
/// </summary>
internal static class CurveChart
{
    public const int Width = 800, Height = 450;

    // ScottPlot's own sans-serif choice may be missing on Linux, where Skia then falls back to any font (often a serif).
    private static readonly string SansFont = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" }
        .FirstOrDefault(SKFontManager.Default.FontFamilies.Contains) ?? Fonts.Sans;

    public static void Write(CurveResult result, CurveMetric metric, string path)
    {
        var plot = new Plot();
        var xs = result.Points.Select(point => point.Point.X).ToArray();
        var values = new List<double>();
        foreach (var contender in result.Contenders)
        {
            var measured = result.Points
                .Select(point => (point.Point.X, Value: point.Value(metric, contender)))
                .Where(pair => pair.Value is { } value && double.IsFinite(value) && (!metric.LogScale || value > 0))
                .Select(pair => (pair.X, Value: pair.Value!.Value))
                .ToArray();
            if (measured.Length == 0)
            {
                continue;
            }
            values.AddRange(measured.Select(pair => pair.Value));
            var line = plot.Add.Scatter(
                measured.Select(pair => Math.Log10(pair.X)).ToArray(),
                measured.Select(pair => metric.LogScale ? Math.Log10(pair.Value) : pair.Value).ToArray());
            // A skipped contender stays skipped at every larger point (CurveRunner), so its first skipped size says it all.
            var firstSkipped = result.Points.FirstOrDefault(point => point.Skipped.Any(skipped => skipped.Name == contender));
            line.LegendText = firstSkipped is null ? contender : $"{contender} (skipped ≥ {LogTicks.Count(firstSkipped.Point.X)})";
            var ember = contender.StartsWith("Ember", StringComparison.Ordinal);
            line.LineWidth = ember ? 3 : 1.5f;
            line.MarkerSize = ember ? 8 : 5;
        }
        plot.Font.Set(SansFont);
        plot.Title($"{result.Curve.Title}: {metric.Name}", size: 16);
        plot.XLabel(result.Curve.XTitle + ", log scale", size: 14);
        plot.YLabel(metric.AxisTitle + (metric.LogScale ? ", log scale" : ""), size: 14);
        plot.Axes.Bottom.TickGenerator = LogTicks.For(xs.Min(), xs.Max(), LogTicks.Count, denseDecades: 2);
        if (metric.LogScale && values.Count > 0)
        {
            plot.Axes.Left.TickGenerator = LogTicks.For(values.Min(), values.Max(), metric.TickLabel, denseDecades: 3);
        }
        else if (values.Count > 0)
        {
            plot.Axes.SetLimitsY(0, values.Max() * 1.15);
        }
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
    }
}

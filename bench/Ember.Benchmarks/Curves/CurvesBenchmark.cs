using Ember.Benchmarks.SideBySide;

namespace Ember.Benchmarks.Curves;

/// <summary>The settings of a curves run, from the command line.</summary>
internal sealed record CurvesSettings(bool Quick, string? Filter, bool PlanOnly, string CommandLine);

/// <summary>
/// <c>curves [--quick] [--filter batch|state|window] [--plan]</c>: how cost grows with the batch, the state and the
/// window, Ember beside its contenders. Prints the plan and its estimated time first (and stops there with
/// <c>--plan</c>), then measures every curve, and writes
/// <c>bench/results/curves-&lt;date&gt;[-quick].md</c> with one PNG chart per curve and metric beside it.
/// </summary>
internal static class CurvesBenchmark
{
    public const string Usage = "dotnet run -c Release --project bench/Ember.Benchmarks -- curves [--quick] [--filter batch|state|window] [--plan]";

    private static readonly string[] Groups = ["batch", "state", "window"];

    public static int Run(string[] args)
    {
        if (ModeArguments.Parse(args, Parse, Usage) is not { } settings)
        {
            return ModeArguments.BadArguments;
        }
        var curves = Curves(settings.Quick).Where(curve => settings.Filter is null || curve.Group == settings.Filter).ToArray();
        var estimate = PrintPlan(curves);
        if (settings.PlanOnly)
        {
            return 0;
        }
        var load = Machine.LoadAverage() ?? "unknown";
        var results = curves.Select(CurveRunner.Run).ToArray();
        load += $" before, {Machine.LoadAverage() ?? "unknown"} after";

        var folder = Path.Combine(Report.RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(folder);
        var stem = $"curves-{DateTime.UtcNow:yyyy-MM-dd}{(settings.Quick ? "-quick" : "")}";
        string ChartFile(CurveResult result, CurveMetric metric) => $"{stem}-{result.Curve.Stem}-{metric.Stem}.png";
        foreach (var result in results)
        {
            foreach (var metric in result.Curve.Metrics)
            {
                CurveChart.Write(result, metric, Path.Combine(folder, ChartFile(result, metric)));
            }
        }
        var markdown = CurvesReport.Markdown(settings, results, load, estimate, ChartFile);
        var path = Path.Combine(folder, stem + ".md");
        File.WriteAllText(path, markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {path} and its charts beside it");
        return 0;
    }

    private static IEnumerable<Curve> Curves(bool quick) =>
        [.. BatchSizeCurves.Create(quick), StateSizeCurve.Create(quick), WindowLengthCurve.Create(quick)];

    /// <summary>Prints every point with its estimated time and returns the total, so that a long run is not a surprise.</summary>
    private static double PrintPlan(IReadOnlyList<Curve> curves)
    {
        Console.WriteLine("Plan (estimates are rough, from the 2026-12-01 side-by-side rates on 2 cores):");
        foreach (var curve in curves)
        {
            Console.WriteLine($"  {curve.Title}: " + string.Join(", ", curve.Points.Select(point =>
                $"{LogTicks.Count(point.X)} ×{point.Repetitions} ~{point.EstimatedSeconds:F0} s")));
        }
        var total = curves.Sum(curve => curve.Points.Sum(point => point.EstimatedSeconds));
        Console.WriteLine($"Estimated total: {total / 60:F1} min; a contender predicted over {CurveRunner.RunLimit.TotalSeconds:F0} s per run at a point is skipped there.");
        return total;
    }

    private static CurvesSettings Parse(string[] args)
    {
        var quick = false;
        var planOnly = false;
        string? filter = null;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--plan":
                    planOnly = true;
                    break;
                case "--filter" when i + 1 < args.Length && Groups.Contains(args[i + 1]):
                    filter = args[++i];
                    break;
                case "--filter":
                    throw new ArgumentException($"--filter needs one of {string.Join(", ", Groups)}.");
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        return new CurvesSettings(quick, filter, planOnly, "dotnet run -c Release --project bench/Ember.Benchmarks -- " + string.Join(' ', args));
    }
}

using System.Diagnostics;
using Ember.Benchmarks.SideBySide;

namespace Ember.Benchmarks.Curves;

/// <summary>
/// Measures a curve point by point with the side-by-side runner (contenders interleaved, checksums checked), smallest
/// first. Only the first point has a warm-up run: later points run in a process whose code is warm. A contender whose
/// run at a point would take longer than <see cref="RunLimit"/>, predicted from its p50 batch times at the points
/// before (<see cref="RunPrediction"/>), is skipped there and at every larger point.
/// </summary>
internal static class CurveRunner
{
    public static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    public static CurveResult Run(Curve curve)
    {
        var curveClock = Stopwatch.StartNew();
        var prediction = new RunPrediction();
        var points = new List<PointResult>();
        foreach (var point in curve.Points)
        {
            var pointClock = Stopwatch.StartNew();
            var workload = point.Create();
            var skipped = new List<SkippedContender>();
            var kept = new List<SideBySide.Contender>();
            foreach (var contender in workload.Contenders)
            {
                var predicted = prediction.Seconds(contender.Name, point.X, workload.WarmBatches + workload.MeasuredBatches);
                // Once skipped, always: fewer batches at a larger size could bring the prediction under the limit again.
                if (predicted > RunLimit.TotalSeconds || points.Any(done => done.Skipped.Any(skip => skip.Name == contender.Name)))
                {
                    skipped.Add(new SkippedContender(contender.Name, predicted));
                    Console.WriteLine($"  skipped  {contender.Name}: predicted {predicted:F0} s per run, over the {RunLimit.TotalSeconds:F0} s limit");
                }
                else
                {
                    kept.Add(contender);
                }
            }
            var result = kept.Count == 0 ? null : SideBySideRunner.Run(workload with { Contenders = kept }, point.Repetitions, warmUp: points.Count == 0);
            foreach (var (name, runs) in result?.Runs ?? new Dictionary<string, IReadOnlyList<ContenderRun>>())
            {
                prediction.Record(name, point.X, CurveMetrics.BatchP50.Value(workload, runs));
            }
            points.Add(new PointResult(point, workload, result, skipped, pointClock.Elapsed));
            Console.WriteLine($"  point done in {pointClock.Elapsed.TotalSeconds:F0} s (estimated {point.EstimatedSeconds:F0} s)");
        }
        return new CurveResult(curve, points, curveClock.Elapsed);
    }
}

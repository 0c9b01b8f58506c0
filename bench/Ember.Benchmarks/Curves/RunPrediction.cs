namespace Ember.Benchmarks.Curves;

/// <summary>
/// Predicts how long a contender's run at the next size will take from the p50 batch times it had at the sizes
/// before: the last p50, grown as the last two points grew on a log-log scale (the exponent clamped to [0, 2]:
/// noise must not predict a shrinking or explosive cost; linear when only one point is known), times the run's batches.
/// A flat contender (a tumbling window against the window's length) is then not taken for one that grows with the size.
/// </summary>
internal sealed class RunPrediction
{
    private readonly Dictionary<string, List<(double X, double P50Milliseconds)>> history = [];

    public void Record(string contender, double x, double p50Milliseconds)
    {
        if (double.IsFinite(p50Milliseconds) && p50Milliseconds > 0)
        {
            (history.TryGetValue(contender, out var points) ? points : history[contender] = []).Add((x, p50Milliseconds));
        }
    }

    /// <summary>The predicted seconds of a run of <paramref name="batches"/> batches at size <paramref name="x"/>, or 0 when nothing is known.</summary>
    public double Seconds(string contender, double x, int batches)
    {
        if (!history.TryGetValue(contender, out var points) || points.Count == 0)
        {
            return 0;
        }
        var last = points[^1];
        var exponent = points.Count < 2
            ? 1
            : Math.Clamp(Math.Log(last.P50Milliseconds / points[^2].P50Milliseconds) / Math.Log(last.X / points[^2].X), 0, 2);
        return last.P50Milliseconds / 1000 * Math.Pow(x / last.X, exponent) * batches;
    }
}

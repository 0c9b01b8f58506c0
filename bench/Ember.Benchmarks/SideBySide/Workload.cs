namespace Ember.Benchmarks.SideBySide;

/// <summary>
/// A workload: its contenders, how many batches each run processes before measuring (<see cref="WarmBatches"/>, to
/// fill windows and load state) and while measuring, and which ratios the report quotes (contender, baseline).
/// <see cref="StateKeys"/> is set when the contenders hold state, to report bytes per key.
/// </summary>
internal sealed record Workload(
    string Name,
    string Description,
    long RecordsPerBatch,
    int WarmBatches,
    int MeasuredBatches,
    IReadOnlyList<Contender> Contenders,
    IReadOnlyList<(string Contender, string Baseline)> Ratios,
    long? StateKeys = null)
{
    /// <summary>A count as workload names show it: 10K, 1M.</summary>
    public static string Label(int count) => count >= 1_000_000 ? $"{count / 1_000_000}M" : $"{count / 1000}K";
}

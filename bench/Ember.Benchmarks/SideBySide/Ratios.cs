namespace Ember.Benchmarks.SideBySide;

/// <summary>The (contender, baseline) pairs a workload's report quotes.</summary>
internal static class Ratios
{
    public static IReadOnlyList<(string Contender, string Baseline)> EmberAgainstAll(params string[] baselines) =>
        [.. baselines.Select(baseline => ("Ember", baseline))];
}

namespace Ember.Kafka.Benchmarks.SeedJob;

/// <summary>One window's average for one source: the window covers batches (event-time seconds) <see cref="First"/> to <see cref="Last"/>.</summary>
internal readonly record struct WindowAverage(long First, long Last, int Source, double Average);

/// <summary>What a contender computed: the final running totals, every window average it emitted, and the malformed messages it skipped.</summary>
internal sealed record SeedJobResult(IReadOnlyDictionary<int, long> Totals, IReadOnlyCollection<WindowAverage> Windows, long Malformed)
{
    /// <summary>Throws unless the totals and malformed count are exact and every window emitted holds, for exactly the sources with readings in it, their average.</summary>
    public void Check(SeedJobData data, string contender)
    {
        var expected = data.Totals();
        if (Totals.Count != expected.Count || expected.Any(pair => Totals.GetValueOrDefault(pair.Key) != pair.Value))
        {
            throw new InvalidOperationException($"{contender}: totals {Format(Totals)} instead of {Format(expected)}.");
        }
        if (Malformed != data.Malformed)
        {
            throw new InvalidOperationException($"{contender}: {Malformed} malformed messages instead of {data.Malformed}.");
        }
        if (Windows.Count == 0)
        {
            throw new InvalidOperationException($"{contender}: no window average.");
        }
        foreach (var window in Windows.GroupBy(window => (window.First, window.Last)))
        {
            var sources = window.ToDictionary(average => average.Source, average => average.Average);
            for (var source = 1; source <= data.Sources; source++)
            {
                var average = data.Average(source, window.Key.First, window.Key.Last);
                if (sources.TryGetValue(source, out var got) ? average is not { } want || Math.Abs(got - want) > 1e-9 * Math.Abs(want) : average is not null)
                {
                    throw new InvalidOperationException(
                        $"{contender}: window of batches {window.Key.First}..{window.Key.Last}, source {source}: {(sources.TryGetValue(source, out var g) ? g : "none")} instead of {average?.ToString() ?? "none"}.");
                }
            }
        }
    }

    private static string Format(IReadOnlyDictionary<int, long> totals) => string.Join(", ", totals.OrderBy(pair => pair.Key).Take(5).Select(pair => $"{pair.Key}: {pair.Value}")) + (totals.Count > 5 ? $" … ({totals.Count})" : "");
}

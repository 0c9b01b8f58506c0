namespace Ember.Examples.Tests;

/// <summary>The reference for windowed outputs: which input batches the j-th output of a window covers.</summary>
internal static class Windows
{
    /// <summary>
    /// For every output of a stream of <paramref name="batches"/> batches windowed over <paramref name="window"/>
    /// batches sliding by <paramref name="slide"/> batches: the index of its last batch and the records of the window
    /// (t - window, t], fewer at the start.
    /// </summary>
    public static List<(int End, List<T> Records)> Of<T>(IReadOnlyList<IReadOnlyList<T>> batches, int window, int slide) =>
        [.. Enumerable.Range(1, batches.Count / slide)
            .Select(j => j * slide - 1)
            .Select(end => (end, batches.Skip(Math.Max(0, end - window + 1)).Take(Math.Min(window, end + 1)).SelectMany(batch => batch).ToList()))];
}

namespace Ember.Cluster.Scheduling;

/// <summary>
/// Where a task should run. <paramref name="Required"/>: only on one of <paramref name="Executors"/> while one of them
/// lives (they keep a cached partition it reads, which another executor would compute again); otherwise a hint,
/// followed when one of them has a free core.
/// </summary>
internal sealed record TaskPlacement(IReadOnlyList<string> Executors, bool Required)
{
    public static TaskPlacement Anywhere { get; } = new([], Required: false);
}

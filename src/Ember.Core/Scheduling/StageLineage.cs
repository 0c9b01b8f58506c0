using Ember.Dependencies;

namespace Ember.Scheduling;

/// <summary>Where a stage's lineage ends: the shuffles its tasks read.</summary>
internal static class StageLineage
{
    /// <summary>The shuffle dependencies reached from <paramref name="rdd"/> through narrow dependencies only.</summary>
    public static IReadOnlyCollection<ShuffleDependency> ParentShuffles(Rdd rdd)
    {
        var found = new Dictionary<int, ShuffleDependency>();
        var visited = new HashSet<int>();
        var pending = new Stack<Rdd>([rdd]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!visited.Add(current.Id))
            {
                continue;
            }
            foreach (var dependency in current.Dependencies)
            {
                if (dependency is ShuffleDependency shuffle)
                {
                    found.TryAdd(shuffle.ShuffleId, shuffle);
                }
                else
                {
                    pending.Push(dependency.Parent);
                }
            }
        }
        return found.Values;
    }
}

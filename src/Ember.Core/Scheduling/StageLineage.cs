using Ember.Dependencies;

namespace Ember.Scheduling;

/// <summary>Where a stage's lineage ends: the shuffles its tasks read.</summary>
internal static class StageLineage
{
    // Reused by each thread: the walk runs for every job (a streaming batch's included) and calls nothing that walks again.
    [ThreadStatic]
    private static Walk? reused;

    /// <summary>The shuffle dependencies reached from <paramref name="rdd"/> through narrow dependencies only (none: an empty array).</summary>
    public static IReadOnlyCollection<ShuffleDependency> ParentShuffles(Rdd rdd)
    {
        var walk = reused ?? new Walk();
        reused = null;
        try
        {
            return walk.ParentShuffles(rdd);
        }
        finally
        {
            walk.Clear();
            reused = walk;
        }
    }

    private sealed class Walk
    {
        private readonly HashSet<int> visited = [];
        private readonly Stack<Rdd> pending = new();

        public IReadOnlyCollection<ShuffleDependency> ParentShuffles(Rdd rdd)
        {
            List<ShuffleDependency>? found = null;
            pending.Push(rdd);
            while (pending.TryPop(out var current))
            {
                if (!visited.Add(current.Id))
                {
                    continue;
                }
                var dependencies = current.Dependencies;
                for (var i = 0; i < dependencies.Count; i++)
                {
                    if (dependencies[i] is ShuffleDependency shuffle)
                    {
                        found ??= [];
                        if (!found.Exists(known => known.ShuffleId == shuffle.ShuffleId))
                        {
                            found.Add(shuffle);
                        }
                    }
                    else
                    {
                        pending.Push(dependencies[i].Parent);
                    }
                }
            }
            return found ?? (IReadOnlyCollection<ShuffleDependency>)[];
        }

        public void Clear()
        {
            visited.Clear();
            pending.Clear();
        }
    }
}

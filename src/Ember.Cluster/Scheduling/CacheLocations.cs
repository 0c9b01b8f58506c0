using Ember.Cluster.Control;
using Ember.Dependencies;

namespace Ember.Cluster.Scheduling;

/// <summary>
/// Which executors keep which cached partitions, as they report them with their task statuses (Spark's
/// BlockManagerMaster), and so where a task should run: a task whose lineage reaches a cached partition goes to an
/// executor that keeps it, rather than recomputing it elsewhere (Spark's preferred locations, PROCESS_LOCAL).
/// </summary>
internal sealed class CacheLocations
{
    private readonly Lock gate = new();
    private readonly Dictionary<(int Rdd, int Partition), HashSet<string>> holders = [];

    public void Add(string executorId, IEnumerable<CachedPartition> partitions)
    {
        lock (gate)
        {
            foreach (var partition in partitions)
            {
                var key = (partition.RddId, partition.Partition);
                if (!holders.TryGetValue(key, out var executors))
                {
                    holders[key] = executors = [];
                }
                executors.Add(executorId);
            }
        }
    }

    public void RemoveRdd(int rddId)
    {
        lock (gate)
        {
            foreach (var key in holders.Keys.Where(key => key.Rdd == rddId).ToList())
            {
                holders.Remove(key);
            }
        }
    }

    public void RemoveExecutor(string executorId)
    {
        lock (gate)
        {
            foreach (var (key, executors) in holders.ToList())
            {
                if (executors.Remove(executorId) && executors.Count == 0)
                {
                    holders.Remove(key);
                }
            }
        }
    }

    /// <summary>
    /// The executors keeping the first cached partition that partition <paramref name="partition"/> of
    /// <paramref name="rdd"/> reads through narrow dependencies (itself included); empty when it reads none.
    /// </summary>
    public IReadOnlyCollection<string> Preferred(Rdd rdd, int partition)
    {
        lock (gate)
        {
            return holders.Count == 0 ? [] : Find(rdd, partition, depth: 0);
        }
    }

    private IReadOnlyCollection<string> Find(Rdd rdd, int partition, int depth)
    {
        if (rdd.StorageLevel != Storage.StorageLevel.None && holders.TryGetValue((rdd.Id, partition), out var executors))
        {
            return [.. executors];
        }
        // Spark walks narrow dependencies only: past a shuffle, the inputs come from every map output anyway.
        if (depth > 1000)
        {
            return [];
        }
        foreach (var dependency in rdd.Dependencies.OfType<NarrowDependency>())
        {
            foreach (var parent in dependency.GetParents(partition))
            {
                var found = Find(dependency.Parent, parent, depth + 1);
                if (found.Count > 0)
                {
                    return found;
                }
            }
        }
        return [];
    }
}

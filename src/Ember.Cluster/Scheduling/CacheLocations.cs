using Ember.Cluster.Control;
using Ember.Dependencies;

namespace Ember.Cluster.Scheduling;

/// <summary>
/// Which executors keep which cached partitions, as they report them with their task statuses (Spark's
/// BlockManagerMaster), and so where a task should run: a task whose lineage reaches a cached partition goes to an
/// executor that keeps it, rather than recomputing it elsewhere (Spark's preferred locations, PROCESS_LOCAL); else
/// where its RDDs say they would rather run (<see cref="Rdd.PreferredLocations"/>).
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
    /// Where partition <paramref name="partition"/> of <paramref name="rdd"/> should run (Spark's getPreferredLocs):
    /// walking it and the parents it reads through narrow dependencies, the keepers of the first cached partition met
    /// (required), or the first preferred locations an RDD declares (a hint); nowhere in particular when neither.
    /// </summary>
    public TaskPlacement Placement(Rdd rdd, int partition)
    {
        lock (gate)
        {
            return Find(rdd, partition, depth: 0);
        }
    }

    private TaskPlacement Find(Rdd rdd, int partition, int depth)
    {
        if (rdd.StorageLevel != Storage.StorageLevel.None && holders.TryGetValue((rdd.Id, partition), out var executors))
        {
            return new TaskPlacement([.. executors], Required: true);
        }
        var declared = rdd.PreferredLocations(rdd.Partitions[partition]);
        if (declared.Count > 0)
        {
            return new TaskPlacement(declared, Required: false);
        }
        // Spark walks narrow dependencies only: past a shuffle, the inputs come from every map output anyway.
        if (depth > 1000)
        {
            return TaskPlacement.Anywhere;
        }
        foreach (var dependency in rdd.Dependencies.OfType<NarrowDependency>())
        {
            foreach (var parent in dependency.GetParents(partition))
            {
                var found = Find(dependency.Parent, parent, depth + 1);
                if (found.Executors.Count > 0)
                {
                    return found;
                }
            }
        }
        return TaskPlacement.Anywhere;
    }
}

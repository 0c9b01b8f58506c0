using Ember.Cluster.Blocks;
using Ember.Shuffle;

namespace Ember.Cluster.Scheduling;

/// <summary>
/// The driver's record of which executor holds each map output (Spark's MapOutputTrackerMaster). Losing an executor
/// forgets its outputs and starts a new epoch: tasks launched afterwards carry it, so a stage that reads those
/// shuffles is rebuilt with locations that exist. A lost executor's failure epoch fences its late successes: an
/// output from a task launched at or before it is refused (Spark's executorFailureEpoch), so a map task whose status
/// raced the loss never registers an output nobody can fetch.
/// </summary>
internal sealed class ClusterMapOutputTracker(Action<int> removeShuffleOnExecutors) : IMapOutputTracker
{
    private readonly Lock gate = new();
    private readonly Dictionary<(int Shuffle, int Map), MapStatus> outputs = [];
    private readonly Dictionary<string, long> failureEpochs = [];
    private long epoch;

    /// <summary>Grows each time outputs are lost with an executor.</summary>
    public long Epoch
    {
        get
        {
            lock (gate)
            {
                return epoch;
            }
        }
    }

    /// <summary>
    /// Records a map output written by a task launched at <paramref name="launchEpoch"/>; false, recording nothing,
    /// when its executor was lost at or after that epoch.
    /// </summary>
    public bool Register(int shuffleId, int mapId, MapStatus location, long launchEpoch)
    {
        lock (gate)
        {
            if (failureEpochs.TryGetValue(location.ExecutorId, out var failed) && failed >= launchEpoch)
            {
                return false;
            }
            outputs[(shuffleId, mapId)] = location;
            return true;
        }
    }

    public IReadOnlyList<int> MissingMapOutputs(int shuffleId, int mapCount)
    {
        lock (gate)
        {
            return [.. Enumerable.Range(0, mapCount).Where(map => !outputs.ContainsKey((shuffleId, map)))];
        }
    }

    /// <summary>Every map output of <paramref name="shuffleId"/> by map id, null where one is missing.</summary>
    public IReadOnlyList<MapStatus?> Locations(int shuffleId, int mapCount)
    {
        lock (gate)
        {
            return [.. Enumerable.Range(0, mapCount).Select(map => outputs.GetValueOrDefault((shuffleId, map)))];
        }
    }

    public void RemoveShuffle(int shuffleId)
    {
        lock (gate)
        {
            foreach (var key in outputs.Keys.Where(key => key.Shuffle == shuffleId).ToList())
            {
                outputs.Remove(key);
            }
        }
        removeShuffleOnExecutors(shuffleId);
    }

    /// <summary>A reducer could not fetch this output: it is gone, wherever the tracker thought it was.</summary>
    public void Unregister(int shuffleId, int mapId)
    {
        lock (gate)
        {
            outputs.Remove((shuffleId, mapId));
        }
    }

    /// <summary>
    /// The executor is gone: forgets its outputs, starts a new epoch and refuses outputs of the tasks it was given
    /// before (an executor id taken again later registers outputs of its new tasks); returns how many were lost.
    /// </summary>
    public int ExecutorLost(string executorId)
    {
        lock (gate)
        {
            failureEpochs[executorId] = epoch;
            return RemoveExecutor(executorId);
        }
    }

    /// <summary>Forgets every output <paramref name="executorId"/> held and starts a new epoch; returns how many were lost.</summary>
    public int RemoveExecutor(string executorId)
    {
        lock (gate)
        {
            var lost = outputs.Where(entry => entry.Value.ExecutorId == executorId).Select(entry => entry.Key).ToList();
            foreach (var key in lost)
            {
                outputs.Remove(key);
            }
            epoch++;
            return lost.Count;
        }
    }
}

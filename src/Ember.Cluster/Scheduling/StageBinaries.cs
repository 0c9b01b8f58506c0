using Ember.Cluster.Blocks;
using Ember.Cluster.Closures;
using Ember.Scheduling;

namespace Ember.Cluster.Scheduling;

/// <summary>
/// The serialized stages the driver serves to executors, one block per stage attempt, kept while any of its tasks
/// is launched. Serializing happens once, on the thread that submits the stage's first task, so a function that
/// cannot travel fails the job there with <see cref="TaskNotSerializableException"/>, before any task runs.
/// </summary>
internal sealed class StageBinaries(LocalBlockStore blocks, EmberContext context, ClusterMapOutputTracker tracker)
{
    private readonly Lock gate = new();
    private readonly Dictionary<int, int> users = [];

    /// <summary>Makes the stage's binary available to executors (serializing it if no task holds it) for one more task.</summary>
    public void Acquire(int stageId, StageBody stage)
    {
        lock (gate)
        {
            if (users.TryGetValue(stageId, out var count))
            {
                users[stageId] = count + 1;
                return;
            }
        }
        // Serialized outside the lock: a big lineage must not hold up other stages. A stage's first attempts are
        // submitted one after the other by one thread; two retries racing after the binary was removed may both
        // serialize it, and the second put replaces the first with the same bytes.
        var locations = StageLineage.ParentShuffles(stage.Rdd)
            .ToDictionary(shuffle => shuffle.ShuffleId, shuffle => tracker.Locations(shuffle.ShuffleId, shuffle.MapCount));
        var bytes = TaskBinary.Serialize(new StagePayload(stage, locations, tracker.Epoch), context);
        lock (gate)
        {
            users[stageId] = users.GetValueOrDefault(stageId) + 1;
            blocks.Put(BlockId.StageBinary(stageId), bytes);
        }
    }

    /// <summary>One task of the stage no longer needs its binary; the last one removes it.</summary>
    public void Release(int stageId)
    {
        lock (gate)
        {
            var left = users[stageId] - 1;
            if (left > 0)
            {
                users[stageId] = left;
                return;
            }
            users.Remove(stageId);
            blocks.Remove(BlockId.StageBinary(stageId));
        }
    }
}

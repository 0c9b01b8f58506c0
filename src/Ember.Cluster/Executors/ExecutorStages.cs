using System.Collections.Concurrent;
using Ember.Cluster.Blocks;
using Ember.Cluster.Closures;
using Ember.Cluster.Control;
using Ember.Cluster.Scheduling;

namespace Ember.Cluster.Executors;

/// <summary>
/// The stages an executor has fetched from the driver, each deserialized once and shared by all its tasks here (Spark
/// caches its broadcast task binary per executor). The most recent stages are kept; an older one is fetched again if
/// a late task needs it.
/// </summary>
internal sealed class ExecutorStages(BlockClient client, EmberContext context, ExecutorShuffleReader shuffles)
{
    private const int Kept = 64;
    private readonly ConcurrentDictionary<int, Lazy<StagePayload>> stages = new();
    private readonly ConcurrentQueue<int> arrival = new();

    /// <summary>The stage's payload, fetched and deserialized by the first task that needs it; blocks that task's thread.</summary>
    public StagePayload Get(StageBinaryReference reference, CancellationToken cancellationToken)
    {
        var entry = stages.GetOrAdd(reference.StageId, _ => new Lazy<StagePayload>(() => Fetch(reference, cancellationToken)));
        if (!entry.IsValueCreated)
        {
            arrival.Enqueue(reference.StageId);
            while (arrival.Count > Kept && arrival.TryDequeue(out var oldest))
            {
                stages.TryRemove(oldest, out _);
            }
        }
        try
        {
            return entry.Value;
        }
        catch
        {
            // A failed fetch (a cancelled task, a driver that was busy) must not stick: the next task tries again.
            stages.TryRemove(new KeyValuePair<int, Lazy<StagePayload>>(reference.StageId, entry));
            throw;
        }
    }

    private StagePayload Fetch(StageBinaryReference reference, CancellationToken cancellationToken)
    {
        using var block = client.FetchAsync(new BlockPeer(reference.Host, reference.Port), BlockId.StageBinary(reference.StageId),
            cancellationToken: cancellationToken).GetAwaiter().GetResult();
        var payload = TaskBinary.Deserialize(block.Memory.Span, context) as StagePayload
            ?? throw new InvalidDataException($"Block {BlockId.StageBinary(reference.StageId)} from {reference.Host}:{reference.Port} is not a stage binary.");
        shuffles.Register(payload.ShuffleLocations, payload.Epoch);
        return payload;
    }
}

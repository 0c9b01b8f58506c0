using Ember.Listener;
using Ember.Shuffle;

namespace Ember.Scheduling;

/// <summary>
/// Plugs a cluster backend into a context for the masters it runs (Spark's ExternalClusterManager). Core knows the
/// implementation only by name, so a program that never uses a cluster never loads one.
/// </summary>
internal interface IClusterManager
{
    /// <summary>Starts the backend of <paramref name="context"/> for <paramref name="master"/>, throwing on a malformed master.</summary>
    EngineParts Start(EmberContext context, string master);
}

/// <summary>
/// The pluggable parts of a context's engine: where tasks run, which map outputs exist, where the tasks of this
/// process write and read shuffle blocks, how to drop an RDD's cached partitions held by other processes (a
/// cluster's executors; nowhere else locally), and who hears of each partition this process caches (an executor's
/// report to the driver, which then sends that partition's later tasks where it is kept).
/// </summary>
internal sealed record EngineParts(
    ISchedulerBackend Backend,
    IMapOutputTracker MapOutputs,
    IShuffleStore ShuffleStore,
    IShuffleReader ShuffleReader,
    Action<int>? RemoveCachedRddElsewhere = null,
    Action<int, int>? PartitionCached = null)
{
    /// <summary>
    /// The local engine: <paramref name="threads"/> worker threads and shuffle blocks kept as objects, its tasks
    /// reported to <paramref name="listeners"/> as executor <c>driver</c>'s.
    /// </summary>
    public static EngineParts Local(int threads, Action<object>? toDriver, ListenerBus? listeners = null)
    {
        var store = new LocalShuffleStore();
        return new EngineParts(new LocalBackend(threads, toDriver: toDriver, listeners: listeners), store, store, store);
    }
}

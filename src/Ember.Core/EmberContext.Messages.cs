using Ember.Scheduling;
using Ember.Storage;

namespace Ember;

// Messages between the driver and the tasks running in other processes (a cluster's executors), and the input blocks
// those tasks share: what a long-running task (a streaming receiver) needs besides its partition.
public sealed partial class EmberContext
{
    /// <summary>
    /// Raised in an executor's process for every message the driver sends with <see cref="SendToExecutors"/>; the tasks
    /// running there subscribe while they run. Handlers must be quick and thread-safe.
    /// </summary>
    internal event Action<object>? DriverMessage;

    /// <summary>True when this context's tasks run in other processes (a cluster master), so they see none of this process's objects.</summary>
    internal bool RunsOnExecutors => backend is not LocalBackend;

    /// <summary>
    /// Sends a small, plain-data <paramref name="message"/> to every live executor, where <see cref="DriverMessage"/>
    /// raises it; without executors (local mode) it goes nowhere. Best effort: an executor that joins later does not get it.
    /// </summary>
    internal void SendToExecutors(object message) => backend.SendToExecutors(message);

    /// <summary>The backend hands a task's message to the driver's listeners (<see cref="TaskMessage"/>).</summary>
    internal void ReceiveTaskMessage(object message) => TaskMessage?.Invoke(message);

    /// <summary>An executor's runtime hands the driver's message to the tasks of this process (<see cref="DriverMessage"/>).</summary>
    internal void ReceiveDriverMessage(object message)
    {
        if (message is InputBlocksRemoved removed)
        {
            InputBlocks.RemoveShared(removed.Blocks);
        }
        DriverMessage?.Invoke(message);
    }

    /// <summary>Where the live executors keep shared input blocks (see <see cref="InputBlockStore.PutShared{T}"/>); empty in local mode.</summary>
    internal IReadOnlyList<string> InputBlockLocations => backend.InputBlockLocations;

    /// <summary>
    /// Drops shared input blocks (those put with <see cref="InputBlockStore.PutShared{T}"/>) in this process and on every executor.
    /// </summary>
    internal void RemoveSharedInputBlocks(IReadOnlyList<long> blocks)
    {
        if (blocks.Count == 0)
        {
            return;
        }
        InputBlocks.RemoveShared(blocks);
        SendToExecutors(new InputBlocksRemoved([.. blocks]));
    }
}

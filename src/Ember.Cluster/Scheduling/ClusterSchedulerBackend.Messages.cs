using Ember.Cluster.Closures;
using Ember.Cluster.Control;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Scheduling;

// Plain-data messages between the driver and running tasks (TaskContext.SendToDriver, EmberContext.SendToExecutors),
// serialized with the task binary's codec.
internal sealed partial class ClusterSchedulerBackend
{
    public IReadOnlyList<string> InputBlockLocations
    {
        get
        {
            lock (gate)
            {
                return [.. executors.Values.OrderBy(executor => executor.Info.ExecutorId, StringComparer.Ordinal)
                    .Select(executor => new Blocks.BlockPeer(executor.Info.Host, executor.Info.BlockPort).ToString())];
            }
        }
    }

    public void SendToExecutors(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        control.SendToExecutors(new DriverMessage(TaskBinary.Serialize(message, context)));
    }

    /// <summary>
    /// Delivered on the control plane's thread, before any later status of the same executor: a task's messages reach
    /// the driver's handlers before its end completes its job.
    /// </summary>
    private void OnTaskMessage(string executorId, TaskMessage message)
    {
        object? delivered;
        try
        {
            delivered = TaskBinary.Deserialize(message.Payload, context);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "A task message from executor {Executor} cannot be read; dropped", executorId);
            return;
        }
        if (delivered is not null)
        {
            context.ReceiveTaskMessage(delivered);
        }
    }
}

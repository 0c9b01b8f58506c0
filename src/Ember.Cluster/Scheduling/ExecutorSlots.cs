using Ember.Cluster.Control;

namespace Ember.Cluster.Scheduling;

/// <summary>An executor and how many of its cores are free.</summary>
internal sealed class ExecutorSlots(ExecutorInfo info)
{
    public ExecutorInfo Info { get; } = info;
    public int Free { get; set; } = info.Cores;
}

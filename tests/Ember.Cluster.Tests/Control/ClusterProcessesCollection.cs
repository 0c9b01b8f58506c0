namespace Ember.Cluster.Tests.Control;

/// <summary>
/// Tests that run actor systems and executor processes run one at a time: on a two-core machine, several at once
/// could stall heartbeats past the 2 s acceptable pause and turn healthy executors unreachable.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterProcessesCollection
{
    public const string Name = "Cluster processes";
}

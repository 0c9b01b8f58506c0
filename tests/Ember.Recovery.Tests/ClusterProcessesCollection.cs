namespace Ember.Recovery.Tests;

/// <summary>
/// Tests that run a driver with executor processes run one at a time: on a two-core machine, several clusters at once
/// could stall heartbeats until healthy executors look lost.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterProcessesCollection
{
    public const string Name = "Cluster processes";
}

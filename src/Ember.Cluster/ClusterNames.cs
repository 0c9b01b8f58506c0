namespace Ember.Cluster;

/// <summary>Names every process of one Ember cluster agrees on.</summary>
internal static class ClusterNames
{
    /// <summary>The Akka actor system's name: the same on the driver and every executor, or they cannot join.</summary>
    public const string ActorSystem = "ember";
}

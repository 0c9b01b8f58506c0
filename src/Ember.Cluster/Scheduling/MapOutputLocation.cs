namespace Ember.Cluster.Scheduling;

/// <summary>Where one map task's output lives: the executor holding it, its block service, and each bucket's size in bytes.</summary>
internal sealed record MapOutputLocation(string ExecutorId, string Host, int BlockPort, long[] BucketSizes);

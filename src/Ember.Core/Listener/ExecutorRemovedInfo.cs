namespace Ember.Listener;

/// <summary>An executor that left the application (Spark's SparkListenerExecutorRemoved).</summary>
/// <param name="ExecutorId">The executor's id, as in its <see cref="ExecutorInfo"/>.</param>
/// <param name="RemoveTime">When the driver removed it.</param>
/// <param name="Reason">Why, for people: the kind of removal and what the driver saw, e.g. <c>Unreachable: no heartbeat for 3 s</c>.</param>
public sealed record ExecutorRemovedInfo(string ExecutorId, DateTimeOffset RemoveTime, string Reason);

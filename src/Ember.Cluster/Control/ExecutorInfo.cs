using Akka.Actor;

namespace Ember.Cluster.Control;

/// <summary>A registered executor, as the driver knows it.</summary>
/// <param name="ExecutorId">The id the executor was launched with (Spark's executor id).</param>
/// <param name="Host">The host its block service listens on.</param>
/// <param name="BlockPort">Its block service's port (0 while it has none).</param>
/// <param name="Cores">How many tasks it runs at once.</param>
/// <param name="Address">Its actor system's address, "akka.tcp://ember@host:port".</param>
internal sealed record ExecutorInfo(string ExecutorId, string Host, int BlockPort, int Cores, string Address)
{
    internal IActorRef Endpoint { get; init; } = ActorRefs.Nobody;
}

/// <summary>Why an executor left the driver's books.</summary>
internal enum ExecutorRemovalReason
{
    /// <summary>It left the cluster on its own or on a StopExecutor (a clean exit).</summary>
    Exited,

    /// <summary>It stopped answering heartbeats (killed, stopped, cut off): declared lost and downed at once.</summary>
    Unreachable,

    /// <summary>It was removed from the cluster without leaving (downed elsewhere, or its system died).</summary>
    Removed,

    /// <summary>Its registration was refused (a different build, a duplicate id); it was never added.</summary>
    Refused,

    /// <summary>Its process, started by this driver, ended: lost at once, without waiting for the failure detector.</summary>
    ProcessEnded,
}

/// <summary>An executor left (or, for <see cref="ExecutorRemovalReason.Refused"/>, was never admitted).</summary>
internal sealed record ExecutorRemoved(string ExecutorId, string Address, ExecutorRemovalReason Reason, string Message);

using Ember.Cluster.Security;

namespace Ember.Cluster.Control;

/// <summary>
/// The control plane's settings. The driver and every executor must use the same values (Akka's split-brain
/// resolver and failure detector assume identical settings on all nodes), so the driver passes them on to the
/// executors it launches.
/// </summary>
internal sealed record ClusterOptions
{
    /// <summary>The address the actor system binds to and advertises: 127.0.0.1 unless the cluster spans machines.</summary>
    public string BindHost { get; init; } = "127.0.0.1";

    /// <summary>
    /// The port the actor system listens on: 0 (any free port) for executors and for a driver that starts its own;
    /// the master's port for a driver that executors on other machines join (<c>ember://host:port</c>).
    /// </summary>
    public int Port { get; init; }

    /// <summary>How often nodes heartbeat each other (Akka's failure-detector.heartbeat-interval).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long heartbeats may pause before a node is marked unreachable (acceptable-heartbeat-pause). An executor
    /// that stops answering is declared lost after roughly this plus one or two heartbeat intervals. Lenient by
    /// default: a long garbage collection or a busy machine must not cost an executor.
    /// </summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How long membership must stay unchanged before the split-brain resolver downs the unreachable side. An executor
    /// cut off from the driver exits after about this long past its detection.
    /// </summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many bytes of blocks (shuffle outputs, task results, stage binaries) a process keeps in memory; blocks past
    /// it go to its local disk. Default 64 MiB.
    /// </summary>
    public long BlockStoreMemory { get; init; } = Blocks.LocalBlockStore.DefaultMemoryBudgetBytes;

    /// <summary>How long an executor keeps trying to join the driver before it gives up and exits.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful stop waits for executors to leave before the driver's system terminates anyway.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The cluster's shared secret: with one, Akka.Remote runs mutual TLS pinned to the key derived from it (addresses
    /// become <c>akka.ssl.tcp://</c>) and peers without it are refused at the handshake; null for plaintext, which is
    /// safe on loopback only. Never on an executor's command line: the launcher passes it in the environment.
    /// </summary>
    public ClusterSecret? Secret { get; init; }

    /// <summary>
    /// Serializes even local messages (Akka's serialize-messages): for tests, so in-process runs prove every
    /// control message crosses the wire. Off in production.
    /// </summary>
    public bool SerializeMessages { get; init; }

    /// <summary>Throws when a setting cannot work, naming it and its value.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(BindHost);
        if (BlockStoreMemory < 0)
            throw new ArgumentOutOfRangeException(nameof(BlockStoreMemory), BlockStoreMemory, "BlockStoreMemory cannot be negative.");
        if (Port is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0 (any free port) or in 1-65535.");
        Positive(HeartbeatInterval, nameof(HeartbeatInterval));
        Positive(AcceptableHeartbeatPause, nameof(AcceptableHeartbeatPause));
        Positive(StableAfter, nameof(StableAfter));
        Positive(JoinTimeout, nameof(JoinTimeout));
        Positive(ShutdownTimeout, nameof(ShutdownTimeout));
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
    }
}

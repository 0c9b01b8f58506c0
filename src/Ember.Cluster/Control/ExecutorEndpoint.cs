using Akka.Actor;
using Ember.Cluster.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Cluster.Control;

/// <summary>Who an executor is and where its driver is.</summary>
/// <param name="DriverAddress">The driver's <see cref="DriverEndpoint.Address"/>.</param>
/// <param name="ExecutorId">The id the driver knows this executor by.</param>
/// <param name="Cores">How many tasks it runs at once.</param>
/// <param name="BlockPort">Its block service's port on <see cref="ClusterOptions.BindHost"/> (0 while it has none).</param>
internal sealed record ExecutorIdentity(string DriverAddress, string ExecutorId, int Cores, int BlockPort = 0);

/// <summary>
/// An executor's side of the control plane: joins the driver's cluster, registers with the application build's
/// fingerprint, hands the driver's requests to an <see cref="IExecutorHandler"/>, and ends when it is stopped, refused
/// or orphaned. The process's main awaits <see cref="WhenTerminated"/> and exits with its code: no executor outlives
/// its driver.
/// </summary>
internal sealed class ExecutorEndpoint : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ExecutorExit? _exit;

    private ExecutorEndpoint(ActorSystem system)
    {
        _system = system;
        WhenTerminated = system.WhenTerminated.ContinueWith(_ => Volatile.Read(ref _exit) ?? HandshakeFailure(system) ?? (_registered.Task.IsCompleted
                ? new ExecutorExit(ExecutorExitReason.DriverLost, "the driver is gone (this executor was downed)")
                : new ExecutorExit(ExecutorExitReason.NeverRegistered, "the driver could not be joined in time")),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes once the driver accepted this executor.</summary>
    public Task Registered => _registered.Task;

    /// <summary>Completes when the executor's actor system has terminated, saying why.</summary>
    public Task<ExecutorExit> WhenTerminated { get; }

    /// <summary>This executor's actor system address.</summary>
    public string Address => Akka.Cluster.Cluster.Get(_system).SelfAddress.ToString();

    /// <summary>
    /// Starts the actor system and joins the driver; registration follows on its own once this node is Up.
    /// <paramref name="build"/> defaults to this application's build.
    /// </summary>
    public static ExecutorEndpoint Start(ExecutorIdentity identity, IExecutorHandler handler, ClusterOptions? options = null,
        ApplicationBuild? build = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfLessThan(identity.Cores, 1);
        options ??= new ClusterOptions();
        loggerFactory ??= NullLoggerFactory.Instance;
        var driver = Akka.Actor.Address.Parse(identity.DriverAddress);
        if (driver.Host is null || driver.Port is null || driver.System != ClusterNames.ActorSystem)
            throw new ArgumentException($"'{identity.DriverAddress}' is not a driver address (akka.tcp://{ClusterNames.ActorSystem}@host:port).",
                nameof(identity));
        CheckSameAuthentication(driver, options);
        build ??= ApplicationBuild.Current;
        var registration = new RegisterExecutor(identity.ExecutorId, options.BindHost, identity.BlockPort, identity.Cores,
            build.Digest, build.ListForRegistration());
        ControlMessageSerializer.Encode(registration);
        ExecutorEndpoint? endpoint = null;
        // Only a refusal of the driver, which this node dials, ends it (Akka stops a node whose outbound handshake
        // fails); an inbound stranger refused is logged and forgotten.
        var driverPeer = $"@{driver.Host}:{driver.Port}";
        void Refused(string peer)
        {
            if (peer.EndsWith(driverPeer, StringComparison.Ordinal))
                endpoint?.SetExit(new ExecutorExit(ExecutorExitReason.SecretMismatch,
                    $"the driver at {identity.DriverAddress} does not hold this executor's shared secret: its certificate's " +
                    $"key is not the one derived from {ClusterSecret.EnvironmentVariable} here, so the shared secret differs"));
        }
        var system = ActorSystem.Create(ClusterNames.ActorSystem, ClusterConfig.Setup(options, loggerFactory, Refused));
        endpoint = new ExecutorEndpoint(system);
        var logger = loggerFactory.CreateLogger("Ember.Cluster.Executor");
        system.ActorOf(Props.Create(() => new ExecutorActor(driver, registration, handler, endpoint, logger)), "executor");
        Akka.Cluster.Cluster.Get(system).JoinSeedNodes([driver]);
        return endpoint;
    }

    /// <summary>Leaves the cluster and waits for the actor system to terminate.</summary>
    public async ValueTask DisposeAsync()
    {
        SetExit(new ExecutorExit(ExecutorExitReason.Stopped, "the executor was disposed"));
        await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).ConfigureAwait(false);
        await WhenTerminated.ConfigureAwait(false);
    }

    /// <summary>
    /// Throws, before any connection, when the driver's address scheme shows the two sides cannot authenticate each
    /// other: a driver with a secret listens on akka.ssl.tcp, one without on akka.tcp.
    /// </summary>
    private static void CheckSameAuthentication(Akka.Actor.Address driver, ClusterOptions options)
    {
        var driverHasSecret = driver.Protocol == "akka.ssl.tcp";
        if (driverHasSecret && options.Secret is null)
            throw new SecretMismatchException(
                $"The driver at {driver} requires the cluster's shared secret and this executor has none: set " +
                $"{ClusterSecret.EnvironmentVariable} to the driver's secret.");
        if (!driverHasSecret && options.Secret is not null)
            throw new SecretMismatchException(
                $"The driver at {driver} runs without a shared secret and this executor has one ({ClusterSecret.EnvironmentVariable}): " +
                "it does not join an unauthenticated cluster. Set the same secret on the driver, or unset it here.");
    }

    /// <summary>
    /// Akka stops a node whose outbound TLS handshake failed (1.5.74; its reason type is internal, so known by name).
    /// When this executor's own check of the driver passed or never ran, the driver refused this executor's
    /// certificate: the shared secret differs.
    /// </summary>
    private static ExecutorExit? HandshakeFailure(ActorSystem system) =>
        CoordinatedShutdown.Get(system).ShutdownReason is { } reason && reason.GetType().Name == "TlsHandshakeFailureReason"
            ? new ExecutorExit(ExecutorExitReason.SecretMismatch,
                $"refused by the driver: the TLS handshake failed ({reason}); most likely the shared secret differs ({ClusterSecret.EnvironmentVariable})")
            : null;

    internal void OnRegistered() => _registered.TrySetResult();

    /// <summary>The first reason given wins: a refusal is not overwritten by the shutdown it causes.</summary>
    internal void SetExit(ExecutorExit exit) => Interlocked.CompareExchange(ref _exit, exit, null);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Cluster.Control;

/// <summary>
/// The driver's side of the control plane: starts the actor system, forms the cluster (the driver is its first and
/// oldest member), admits executors that run the same build, and sends them control messages. Executors are lost the
/// moment they become unreachable (then downed), or when they leave.
/// </summary>
/// <remarks>
/// Events and <see cref="StatusUpdateReceived"/> are raised on an Akka dispatcher thread, one at a time: handlers must
/// return quickly and never run tasks there (Akka's heartbeats share the .NET ThreadPool; a starved pool makes
/// healthy executors look unreachable). Subscribe before launching executors.
/// </remarks>
internal sealed class DriverEndpoint : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ExecutorInfo> _executors = new();
    private readonly ActorSystem _system;
    private readonly ClusterOptions _options;
    private readonly ILogger _logger;
    private IActorRef _actor = ActorRefs.Nobody;
    private TaskCompletionSource _removal = NewSignal();
    private long _nextNonce;
    private int _disposed;

    private DriverEndpoint(ActorSystem system, ClusterOptions options, ILogger logger)
    {
        _system = system;
        _options = options;
        _logger = logger;
        Address = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
    }

    /// <summary>
    /// The address executors join as their seed: "akka.tcp://ember@host:port", or "akka.ssl.tcp://ember@host:port"
    /// with a shared secret (<see cref="ClusterOptions.Secret"/>).
    /// </summary>
    public string Address { get; }

    /// <summary>The options every executor must be started with.</summary>
    public ClusterOptions Options => _options;

    /// <summary>The executors registered now.</summary>
    public IReadOnlyCollection<ExecutorInfo> Executors => [.. _executors.Values];

    /// <summary>An executor was admitted.</summary>
    public event Action<ExecutorInfo>? ExecutorAdded;

    /// <summary>An executor was lost or left (or refused: then it was never added).</summary>
    public event Action<ExecutorRemoved>? ExecutorRemoved;

    /// <summary>A registered executor reported a task's end: (executor id, status).</summary>
    public event Action<string, StatusUpdate>? StatusUpdateReceived;

    /// <summary>A registered executor forwarded a running task's message: (executor id, message).</summary>
    public event Action<string, TaskMessage>? TaskMessageReceived;

    /// <summary>
    /// Starts the driver's actor system on <see cref="ClusterOptions.BindHost"/> (an ephemeral port) and waits until
    /// it is Up as the cluster's first member. <paramref name="build"/> defaults to this application's build.
    /// </summary>
    public static async Task<DriverEndpoint> StartAsync(ClusterOptions? options = null, ApplicationBuild? build = null,
        ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        options ??= new ClusterOptions();
        loggerFactory ??= NullLoggerFactory.Instance;
        var system = ActorSystem.Create(ClusterNames.ActorSystem, ClusterConfig.Setup(options, loggerFactory, leaveOnProcessExit: false));
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            var endpoint = new DriverEndpoint(system, options, loggerFactory.CreateLogger("Ember.Cluster.Driver"));
            endpoint._actor = system.ActorOf(
                Props.Create(() => new DriverActor(endpoint, build ?? ApplicationBuild.Current, endpoint._logger)), "driver");
            // No seed list: the driver joins itself and so is the oldest node, whose side keep-oldest keeps.
            cluster.Join(cluster.SelfAddress);
            await up.Task.WaitAsync(options.JoinTimeout, cancellationToken).ConfigureAwait(false);
            return endpoint;
        }
        catch
        {
            await system.Terminate().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The registered executor with this id, or null.</summary>
    public ExecutorInfo? Find(string executorId) => _executors.GetValueOrDefault(executorId);

    /// <summary>
    /// Sends a task to an executor; false when that executor is no longer registered (its removal is being or has
    /// been raised). Throws <see cref="ControlMessageTooLargeException"/> rather than let Akka drop a big message.
    /// </summary>
    public bool LaunchTask(string executorId, LaunchTask task) => Send(executorId, task);

    /// <summary>Asks an executor to kill a task; false when that executor is no longer registered.</summary>
    public bool KillTask(string executorId, long taskId) => Send(executorId, new KillTask(taskId));

    /// <summary>Asks an executor to leave and exit; false when it is no longer registered.</summary>
    public bool StopExecutor(string executorId) => Send(executorId, Control.StopExecutor.Instance);

    /// <summary>Declares the executor lost because its process (one this driver started) ended; ignored if it is not registered.</summary>
    public void ReportProcessEnded(string executorId, int exitCode) => _actor.Tell(new ExecutorProcessEnded(executorId, exitCode));

    /// <summary>Tells every registered executor to drop a shuffle's map outputs.</summary>
    public void RemoveShuffle(int shuffleId) => Broadcast(new RemoveShuffle(shuffleId));

    /// <summary>Tells every registered executor to drop an RDD's cached partitions.</summary>
    public void RemoveRdd(int rddId) => Broadcast(new RemoveRdd(rddId));

    /// <summary>Sends a message to the tasks of every registered executor; throws when it would not fit a frame.</summary>
    public void SendToExecutors(DriverMessage message) => Broadcast(message);

    /// <summary>
    /// Round trip to an executor's endpoint (answered by the endpoint, not the task handler): a liveness probe.
    /// Throws <see cref="KeyNotFoundException"/> for an unknown executor and a timeout exception past <paramref name="timeout"/>.
    /// </summary>
    public async Task<TimeSpan> PingAsync(string executorId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var executor = Find(executorId) ?? throw new KeyNotFoundException($"No registered executor {executorId}.");
        var nonce = Interlocked.Increment(ref _nextNonce);
        var started = Stopwatch.GetTimestamp();
        var pong = await executor.Endpoint.Ask<Pong>(new Ping(nonce), timeout, cancellationToken).ConfigureAwait(false);
        if (pong.Nonce != nonce || pong.ExecutorId != executorId)
            throw new InvalidOperationException($"Executor {executorId} answered ping {nonce} with {pong}.");
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Stops gracefully: asks every executor to stop, waits up to <see cref="ClusterOptions.ShutdownTimeout"/> for
    /// them to leave, then leaves the cluster and terminates the actor system.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        Broadcast(Control.StopExecutor.Instance);
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.ShutdownTimeout.TotalSeconds * Stopwatch.Frequency);
        while (!_executors.IsEmpty && Stopwatch.GetTimestamp() < deadline)
        {
            var removal = Volatile.Read(ref _removal).Task;
            if (_executors.IsEmpty)
                break;
            var left = TimeSpan.FromSeconds((double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            await Task.WhenAny(removal, Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero)).ConfigureAwait(false);
        }
        if (!_executors.IsEmpty)
            _logger.LogWarning("Executors {Executors} did not leave within {Timeout}; the driver stops anyway",
                string.Join(", ", _executors.Keys), _options.ShutdownTimeout);
        await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).ConfigureAwait(false);
        try
        {
            await _system.WhenTerminated.WaitAsync(_options.ShutdownTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The driver's actor system did not terminate within {Timeout}", _options.ShutdownTimeout);
        }
    }

    internal void OnAdded(ExecutorInfo executor)
    {
        _executors[executor.ExecutorId] = executor;
        Raise(() => ExecutorAdded?.Invoke(executor), "ExecutorAdded");
    }

    internal void OnRemoved(ExecutorRemoved removed)
    {
        if (removed.Reason != ExecutorRemovalReason.Refused)
            _executors.TryRemove(removed.ExecutorId, out _);
        Interlocked.Exchange(ref _removal, NewSignal()).TrySetResult();
        Raise(() => ExecutorRemoved?.Invoke(removed), "ExecutorRemoved");
    }

    internal void OnTaskStatus(string executorId, StatusUpdate status) =>
        Raise(() => StatusUpdateReceived?.Invoke(executorId, status), "StatusUpdateReceived");

    internal void OnTaskMessage(string executorId, TaskMessage message) =>
        Raise(() => TaskMessageReceived?.Invoke(executorId, message), "TaskMessageReceived");

    private bool Send(string executorId, IControlMessage message)
    {
        ArgumentNullException.ThrowIfNull(executorId);
        ControlMessageSerializer.Encode(message); // throws here, at the sender, if it would not fit a frame
        if (!_executors.TryGetValue(executorId, out var executor))
            return false;
        executor.Endpoint.Tell(message, _actor); // replies go to the driver actor
        return true;
    }

    private void Broadcast(IControlMessage message)
    {
        ControlMessageSerializer.Encode(message);
        foreach (var executor in _executors.Values)
            executor.Endpoint.Tell(message, _actor);
    }

    // A throwing handler must not restart the driver actor, which would lose its books.
    private void Raise(Action raise, string name)
    {
        try
        {
            raise();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A {Event} handler threw", name);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

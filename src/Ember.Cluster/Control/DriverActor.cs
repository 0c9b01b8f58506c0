using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Control;

/// <summary>
/// The driver's actor: keeps the books of registered executors and turns cluster membership into executor events.
/// All decisions happen here, one message at a time; <see cref="DriverEndpoint"/> reads a snapshot of the books.
/// </summary>
internal sealed class DriverActor : ReceiveActor
{
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly Dictionary<Address, ExecutorInfo> _byAddress = [];
    private readonly DriverEndpoint _endpoint;
    private readonly ApplicationBuild _build;
    private readonly ILogger _logger;

    public DriverActor(DriverEndpoint endpoint, ApplicationBuild build, ILogger logger)
    {
        _endpoint = endpoint;
        _build = build;
        _logger = logger;
        Receive<RegisterExecutor>(Register);
        Receive<StatusUpdate>(OnTaskStatus);
        Receive<TaskMessage>(m =>
        {
            // As a status: a message from an executor already declared lost is dropped.
            if (_byAddress.TryGetValue(Sender.Path.Address, out var executor))
                _endpoint.OnTaskMessage(executor.ExecutorId, m);
        });
        // Pitfall 3: an unreachable executor is lost now, not when the split-brain resolver gets to it; downing it
        // at once also lets the leader converge again, so newcomers are not held in Joining.
        Receive<ClusterEvent.UnreachableMember>(m =>
        {
            Remove(m.Member.Address, ExecutorRemovalReason.Unreachable, "unreachable: it stopped answering heartbeats");
            if (m.Member.Address != _cluster.SelfAddress)
                _cluster.Down(m.Member.Address);
        });
        Receive<ClusterEvent.MemberExited>(m =>
            Remove(m.Member.Address, ExecutorRemovalReason.Exited, "exited: it left the cluster"));
        Receive<ClusterEvent.MemberRemoved>(m =>
            Remove(m.Member.Address, m.PreviousStatus is MemberStatus.Exiting or MemberStatus.Leaving
                ? ExecutorRemovalReason.Exited : ExecutorRemovalReason.Removed, "removed from the cluster"));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        // A process the driver started has ended (Spark learns the same from its RPC disconnect): no need to wait for
        // missed heartbeats.
        Receive<ExecutorProcessEnded>(m =>
        {
            if (_byAddress.FirstOrDefault(entry => entry.Value.ExecutorId == m.ExecutorId) is { Value: not null } entry)
            {
                Remove(entry.Key, ExecutorRemovalReason.ProcessEnded, $"its process ended with exit code {m.ExitCode}");
                _cluster.Down(entry.Key);
            }
        });
    }

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.UnreachableMember));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Register(RegisterExecutor m)
    {
        var address = Sender.Path.Address;
        if (_byAddress.TryGetValue(address, out var known) && known.ExecutorId == m.ExecutorId)
        {
            Sender.Tell(RegisteredExecutor.Instance); // a retry whose answer crossed it
            return;
        }
        var refusal = _build.Difference(m.ExecutorId, m.BuildDigest, m.Assemblies);
        if (refusal is null && _endpoint.Find(m.ExecutorId) is { } taken)
            refusal = $"executor id {m.ExecutorId} is taken by the executor at {taken.Address}";
        if (refusal is null && !_cluster.State.Members.Any(x => x.Address == address))
            refusal = $"executor {m.ExecutorId} at {address} is not a member of the cluster";
        if (refusal is not null)
        {
            _logger.LogWarning("Refused executor {ExecutorId} at {Address}: {Reason}", m.ExecutorId, address, refusal);
            Sender.Tell(new RegistrationRefused(refusal));
            _endpoint.OnRemoved(new ExecutorRemoved(m.ExecutorId, address.ToString(), ExecutorRemovalReason.Refused, refusal));
            return;
        }
        var info = new ExecutorInfo(m.ExecutorId, m.Host, m.BlockPort, m.Cores, address.ToString()) { Endpoint = Sender };
        _byAddress[address] = info;
        Sender.Tell(RegisteredExecutor.Instance);
        _logger.LogInformation("Executor {ExecutorId} registered from {Address} with {Cores} cores, block service {Host}:{Port}",
            m.ExecutorId, address, m.Cores, m.Host, m.BlockPort);
        _endpoint.OnAdded(info);
    }

    private void OnTaskStatus(StatusUpdate status)
    {
        // A status from an executor already declared lost is dropped: its tasks are being retried elsewhere.
        if (_byAddress.TryGetValue(Sender.Path.Address, out var executor))
            _endpoint.OnTaskStatus(executor.ExecutorId, status);
        else
            _logger.LogDebug("Dropped the status of task {TaskId} from {Address}, not a registered executor",
                status.TaskId, Sender.Path.Address);
    }

    private void Remove(Address address, ExecutorRemovalReason reason, string message)
    {
        if (!_byAddress.Remove(address, out var executor))
            return;
        _logger.LogInformation("Executor {ExecutorId} at {Address} removed: {Message}", executor.ExecutorId, address, message);
        _endpoint.OnRemoved(new ExecutorRemoved(executor.ExecutorId, executor.Address, reason, message));
    }
}

/// <summary>Tells the driver's actor that an executor process it started has ended. Local only: never sent over the network.</summary>
internal sealed record ExecutorProcessEnded(string ExecutorId, int ExitCode) : INoSerializationVerificationNeeded;

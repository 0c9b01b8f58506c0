using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Control;

/// <summary>
/// The executor's actor: registers with the driver once the executor is Up, passes the driver's requests to the
/// <see cref="IExecutorHandler"/>, answers pings, and leaves the cluster when stopped, refused or orphaned.
/// </summary>
internal sealed class ExecutorActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan RegistrationRetry = TimeSpan.FromSeconds(2);
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly Address _driver;
    private readonly RegisterExecutor _registration;
    private readonly IExecutorHandler _handler;
    private readonly ExecutorEndpoint _endpoint;
    private readonly ILogger _logger;
    private readonly IActorRef _self;
    private volatile IActorRef _driverActor = ActorRefs.Nobody;

    public ExecutorActor(Address driver, RegisterExecutor registration, IExecutorHandler handler, ExecutorEndpoint endpoint,
        ILogger logger)
    {
        _driver = driver;
        _registration = registration;
        _handler = handler;
        _endpoint = endpoint;
        _logger = logger;
        _self = Self; // Reply runs on task threads, where Self (the actor's context) is not available
        _handler.ToDriver = Send;
        Receive<Up>(_ => Register());
        Receive<RetryRegistration>(_ => Register());
        Receive<RegisteredExecutor>(_ => Sender.Path.Address == _driver, _ =>
        {
            Timers.Cancel(nameof(RetryRegistration));
            _driverActor = Sender;
            _endpoint.OnRegistered();
        });
        Receive<RegistrationRefused>(m => Sender.Path.Address == _driver, m =>
        {
            _logger.LogError("The driver refused this executor: {Reason}", m.Reason);
            Leave(new ExecutorExit(ExecutorExitReason.Refused, m.Reason));
        });
        Receive<LaunchTask>(_ => FromDriver, task => Handle(task, () => _handler.LaunchTask(task, Reply), task.TaskId));
        Receive<KillTask>(_ => FromDriver, m => Handle(m, () => _handler.KillTask(m.TaskId)));
        Receive<RemoveShuffle>(_ => FromDriver, m => Handle(m, () => _handler.RemoveShuffle(m.ShuffleId)));
        Receive<RemoveRdd>(_ => FromDriver, m => Handle(m, () => _handler.RemoveRdd(m.RddId)));
        Receive<DriverMessage>(_ => FromDriver, m => Handle(m, () => _handler.OnDriverMessage(m)));
        Receive<Ping>(_ => FromDriver, m => Sender.Tell(new Pong(m.Nonce, _registration.ExecutorId)));
        Receive<StopExecutor>(_ => FromDriver, _ =>
            Leave(new ExecutorExit(ExecutorExitReason.Stopped, "the driver asked this executor to stop")));
        Receive<ClusterEvent.MemberExited>(m => m.Member.Address == _driver, _ =>
            Leave(new ExecutorExit(ExecutorExitReason.DriverLost, "the driver left the cluster")));
        Receive<ClusterEvent.MemberRemoved>(m => m.Member.Address == _driver, _ =>
            Leave(new ExecutorExit(ExecutorExitReason.DriverLost, "the driver was removed from the cluster")));
        // An unreachable driver may come back (a long pause); if not, the split-brain resolver downs this executor
        // after stable-after, which terminates its actor system and so the process.
        Receive<ClusterEvent.UnreachableMember>(m => m.Member.Address == _driver, _ =>
            _logger.LogWarning("The driver at {Driver} is unreachable; this executor exits unless it comes back", _driver));
        Receive<ClusterEvent.ReachableMember>(m => m.Member.Address == _driver, _ =>
            _logger.LogInformation("The driver at {Driver} is reachable again", _driver));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { }); // other members come and go: not this executor's concern
        // Control messages from anyone but the driver (the predicates above) are dropped, and said so.
        Receive<IControlMessage>(m => _logger.LogWarning("Ignored {Message} from {Sender}, which is not the driver",
            m.GetType().Name, Sender.Path.Address));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private bool FromDriver => Sender.Path.Address == _driver;

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        var self = Self;
        _cluster.RegisterOnMemberUp(() => self.Tell(Up.Instance));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Register()
    {
        if (!_driverActor.IsNobody())
            return;
        Context.ActorSelection(new RootActorPath(_driver) / "user" / "driver").Tell(_registration);
        // The first message can cross a link still being set up; retry until the driver answers.
        Timers.StartSingleTimer(nameof(RetryRegistration), RetryRegistration.Instance, RegistrationRetry);
    }

    // A throwing handler must not restart this actor (it would forget the driver); a task it could not start fails.
    private void Handle(IControlMessage message, Action handle, long? taskId = null)
    {
        try
        {
            handle();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "The executor's handler threw on {Message}", message);
            if (taskId is { } id)
                Reply(new StatusUpdate(id, TaskState.Failed, errorType: e.GetType().AssemblyQualifiedName, errorMessage: e.Message, errorText: e.ToString()));
        }
    }

    private void Reply(StatusUpdate status) => Send(status);

    // The same sender and receiver as the task's status, so a task's messages reach the driver before its end.
    private void Send(IControlMessage message)
    {
        ControlMessageSerializer.Encode(message); // throws at the task's thread rather than let Akka drop it
        _driverActor.Tell(message, _self);
    }

    private void Leave(ExecutorExit exit)
    {
        _endpoint.SetExit(exit);
        _ = CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
    }

    private sealed class Up : INoSerializationVerificationNeeded
    {
        public static readonly Up Instance = new();
    }

    private sealed class RetryRegistration : INoSerializationVerificationNeeded
    {
        public static readonly RetryRegistration Instance = new();
    }
}

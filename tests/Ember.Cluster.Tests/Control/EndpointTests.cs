using Ember.Cluster.Control;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Control;

/// <summary>A driver and executor endpoints in the test process (separate actor systems talking over TCP).</summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class EndpointTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly ILoggerFactory _loggerFactory = TestOutputLoggerProvider.Factory(output);
    private readonly List<ExecutorEndpoint> _executors = [];
    private readonly EventRecorder<ExecutorInfo> _added = new();
    private readonly EventRecorder<ExecutorRemoved> _removed = new();
    private readonly EventRecorder<(string ExecutorId, StatusUpdate Status)> _statuses = new();
    private DriverEndpoint _driver = null!;

    public async Task InitializeAsync()
    {
        _driver = await DriverEndpoint.StartAsync(LocalCluster.Options, loggerFactory: _loggerFactory);
        _driver.ExecutorAdded += _added.Add;
        _driver.ExecutorRemoved += _removed.Add;
        _driver.StatusUpdateReceived += (id, status) => _statuses.Add((id, status));
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _driver.DisposeAsync();
        }
        finally
        {
            foreach (var executor in _executors)
                await executor.DisposeAsync();
            _loggerFactory.Dispose();
        }
    }

    [Fact]
    public async Task Register_Executor_RaisesExecutorAddedWithItsCoresHostAndBlockPort()
    {
        var executor = StartExecutor("5", new RecordingHandler(), blockPort: 7077, cores: 3);
        var added = await _added.WaitForAsync(e => e.ExecutorId == "5", Deadline, "ExecutorAdded");
        await executor.Registered.WaitAsync(Deadline);
        Assert.Equal(("5", "127.0.0.1", 7077, 3, executor.Address), (added.ExecutorId, added.Host, added.BlockPort, added.Cores, added.Address));
        Assert.Equal(added, Assert.Single(_driver.Executors));
    }

    [Fact]
    public async Task LaunchTask_ThroughTheHandler_ComesBackAsAStatusUpdate()
    {
        var handler = new RecordingHandler();
        StartExecutor("1", handler);
        await _added.WaitForAsync(e => e.ExecutorId == "1", Deadline, "ExecutorAdded");
        var launch = new LaunchTask(9, 1, 2, 0, 3, 1, 4, new StageBinaryReference("127.0.0.1", 6000, 2));

        Assert.True(_driver.LaunchTask("1", launch));
        var (received, reply) = await handler.Launched.WaitForAsync(_ => true, Deadline, "LaunchTask");
        Assert.Equal(launch, received);
        reply(new StatusUpdate(9, TaskState.Finished, inlineResult: [4, 2]));

        var (executorId, status) = await _statuses.WaitForAsync(_ => true, Deadline, "status update");
        Assert.Equal(("1", 9L, TaskState.Finished), (executorId, status.TaskId, status.State));
        Assert.Equal([4, 2], status.InlineResult);
    }

    [Fact]
    public async Task LaunchTask_HandlerThrows_FailsTheTaskAndTheExecutorKeepsServing()
    {
        var handler = new RecordingHandler { ThrowOnLaunch = true };
        StartExecutor("1", handler);
        await _added.WaitForAsync(e => e.ExecutorId == "1", Deadline, "ExecutorAdded");

        _driver.LaunchTask("1", new LaunchTask(5, 1, 1, 0, 0, 0, 0, new StageBinaryReference("127.0.0.1", 1, 1)));
        var (_, status) = await _statuses.WaitForAsync(_ => true, Deadline, "status update");
        Assert.Equal((5L, TaskState.Failed, typeof(InvalidOperationException).AssemblyQualifiedName), (status.TaskId, status.State, status.ErrorType));
        Assert.Contains("no threads left", status.ErrorText);
        await _driver.PingAsync("1", Deadline);
        Assert.True(_driver.KillTask("1", 5));
        Assert.Equal("KillTask 5", await handler.Calls.WaitForAsync(_ => true, Deadline, "KillTask"));
    }

    [Fact]
    public async Task KillRemoveShuffleAndRemoveRdd_ReachTheHandlerInOrder()
    {
        var handler = new RecordingHandler();
        StartExecutor("1", handler);
        await _added.WaitForAsync(e => e.ExecutorId == "1", Deadline, "ExecutorAdded");

        Assert.True(_driver.KillTask("1", 12));
        _driver.RemoveShuffle(3);
        _driver.RemoveRdd(4);

        var calls = await handler.Calls.WaitForCountAsync(_ => true, 3, Deadline, "handler calls");
        Assert.Equal(["KillTask 12", "RemoveShuffle 3", "RemoveRdd 4"], calls);
    }

    [Fact]
    public async Task Reply_StatusOverTheFrameLimit_ThrowsAtTheExecutorAndSendsNothing()
    {
        var handler = new RecordingHandler();
        StartExecutor("1", handler);
        await _added.WaitForAsync(e => e.ExecutorId == "1", Deadline, "ExecutorAdded");
        _driver.LaunchTask("1", new LaunchTask(1, 1, 1, 0, 0, 0, 0, new StageBinaryReference("127.0.0.1", 1, 1)));
        var (_, reply) = await handler.Launched.WaitForAsync(_ => true, Deadline, "LaunchTask");

        var block = new ResultBlockReference("127.0.0.1", 1, new string('b', 200_000), 1);
        Assert.Throws<ControlMessageTooLargeException>(() => reply(new StatusUpdate(1, TaskState.Finished, resultBlock: block)));
        reply(new StatusUpdate(1, TaskState.Failed, errorText: "result too large"));
        var (_, status) = await _statuses.WaitForAsync(_ => true, Deadline, "status update");
        Assert.Equal(TaskState.Failed, status.State);
        Assert.Single(_statuses.Events);
    }

    [Fact]
    public void LaunchTask_OverTheFrameLimitOrToAnUnknownExecutor_FailsAtTheDriver()
    {
        var big = new LaunchTask(1, 1, 1, 0, 0, 0, 0, new StageBinaryReference(new string('h', 200_000), 1, 1));
        Assert.Throws<ControlMessageTooLargeException>(() => _driver.LaunchTask("1", big));
        Assert.False(_driver.LaunchTask("nobody", new LaunchTask(1, 1, 1, 0, 0, 0, 0, new StageBinaryReference("h", 1, 1))));
    }

    [Fact]
    public async Task StopExecutor_EndsTheExecutorAsStoppedAndRemovesItAsExited()
    {
        var executor = StartExecutor("1", new RecordingHandler());
        await _added.WaitForAsync(e => e.ExecutorId == "1", Deadline, "ExecutorAdded");

        Assert.True(_driver.StopExecutor("1"));
        var exit = await executor.WhenTerminated.WaitAsync(Deadline);
        var removed = await _removed.WaitForAsync(r => r.ExecutorId == "1", Deadline, "ExecutorRemoved");
        Assert.Equal((ExecutorExitReason.Stopped, 0), (exit.Reason, exit.ExitCode));
        Assert.Equal(ExecutorRemovalReason.Exited, removed.Reason);
        Assert.Empty(_driver.Executors);
    }

    [Fact]
    public async Task Register_DuplicateId_IsRefusedAndTheSecondExecutorEnds()
    {
        StartExecutor("1", new RecordingHandler());
        await _added.WaitForAsync(e => e.ExecutorId == "1", Deadline, "ExecutorAdded");
        var second = StartExecutor("1", new RecordingHandler());

        var exit = await second.WhenTerminated.WaitAsync(Deadline);
        Assert.Equal(ExecutorExitReason.Refused, exit.Reason);
        Assert.StartsWith("executor id 1 is taken by the executor at akka.tcp://ember@127.0.0.1:", exit.Message);
        Assert.Equal(ExecutorRemovalReason.Refused, (await _removed.WaitForAsync(_ => true, Deadline, "refusal")).Reason);
        Assert.Single(_driver.Executors);
    }

    [Fact]
    public async Task Start_DriverNeverAnswers_EndsAsNeverRegisteredAfterTheJoinTimeout()
    {
        // A port with nobody behind it: the driver died before this executor could join.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = LocalCluster.Options with { JoinTimeout = TimeSpan.FromSeconds(2) };
        var executor = ExecutorEndpoint.Start(new ExecutorIdentity($"akka.tcp://ember@127.0.0.1:{port}", "1", 1),
            new RecordingHandler(), options, loggerFactory: _loggerFactory);
        _executors.Add(executor);

        var exit = await executor.WhenTerminated.WaitAsync(Deadline);
        Assert.Equal(ExecutorExitReason.NeverRegistered, exit.Reason);
        Assert.NotEqual(0, exit.ExitCode);
    }

    private ExecutorEndpoint StartExecutor(string id, IExecutorHandler handler, int blockPort = 0, int cores = 1)
    {
        var executor = ExecutorEndpoint.Start(new ExecutorIdentity(_driver.Address, id, cores, blockPort), handler,
            LocalCluster.Options, loggerFactory: _loggerFactory);
        _executors.Add(executor);
        return executor;
    }

    private sealed class RecordingHandler : IExecutorHandler
    {
        public EventRecorder<(LaunchTask Task, Action<StatusUpdate> Reply)> Launched { get; } = new();

        public EventRecorder<string> Calls { get; } = new();

        public bool ThrowOnLaunch { get; init; }

        public void LaunchTask(LaunchTask task, Action<StatusUpdate> reply)
        {
            if (ThrowOnLaunch)
                throw new InvalidOperationException("no threads left");
            Launched.Add((task, reply));
        }

        public void KillTask(long taskId) => Calls.Add($"KillTask {taskId}");

        public void RemoveShuffle(int shuffleId) => Calls.Add($"RemoveShuffle {shuffleId}");

        public void RemoveRdd(int rddId) => Calls.Add($"RemoveRdd {rddId}");
    }
}

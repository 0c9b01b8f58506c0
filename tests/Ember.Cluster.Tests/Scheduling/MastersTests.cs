using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ember.Cluster.Processes;
using Ember.Cluster.Tests.Control;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Scheduling;

/// <summary>The two cluster masters end to end: executors started by the context, and executors started elsewhere that join it.</summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class MastersTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task LocalCluster_ExecutorKilled_ReplacedByANewExecutorAndJobsStillRun()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local-cluster[1,1]" });
        Assert.Equal(5050, context.Parallelize(Enumerable.Range(1, 100), 4).Map(x => (long)x).Reduce((a, b) => a + b));
        var first = ChildProcesses.Executor("0") ?? throw new InvalidOperationException("Executor 0 has no process.");

        var clock = Stopwatch.StartNew();
        UnixSignals.Send(first, UnixSignals.SigKill);
        var replacement = await Until(() => ChildProcesses.Executor("1"), "executor 1 replaces the killed executor 0");
        output.WriteLine($"measured: replacement process {replacement} started {clock.ElapsedMilliseconds} ms after the kill");

        Assert.Equal(5050, context.Parallelize(Enumerable.Range(1, 100), 4).Map(x => (long)x).Reduce((a, b) => a + b));
        output.WriteLine($"measured: first job after the kill done at {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task EmberMaster_ExecutorStartedElsewhere_JoinsTheDriverAndRunsItsTasks()
    {
        var port = FreePort();
        // What an operator runs on another machine, here as a child process: the documented executor command. It is
        // disposed last, so the context stops its executor first, as a driver does.
        var options = ClusterSettings.Read(new Dictionary<string, string>(), "127.0.0.1", 0);
        await using var launcher = new ExecutorProcessLauncher($"ember://127.0.0.1:{port}", options);
        using var context = new EmberContext(new EmberOptions { Master = $"ember://127.0.0.1:{port}" });
        launcher.Launch("remote-1", cores: 2);

        var clock = Stopwatch.StartNew();
        var squares = await context.Parallelize(Enumerable.Range(0, 1000), 8).Map(x => x * x).CollectAsync()
            .WaitAsync(Deadline);
        output.WriteLine($"measured: the first job ended {clock.ElapsedMilliseconds} ms after the executor was launched");

        Assert.Equal(Enumerable.Range(0, 1000).Select(x => x * x), squares);
        Assert.NotNull(ChildProcesses.Executor("remote-1"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<int> Until(Func<int?> probe, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Deadline)
        {
            if (probe() is { } found)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Waited {Deadline.TotalSeconds:0} s for {what}.");
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Ember.Recovery.Tests;

/// <summary>
/// realtimeanalytics on <c>local-cluster[2,1]</c> (a driver and two executor processes) reading Kafka while records
/// flow: undisturbed, with an executor killed, and with the driver killed and restarted from its checkpoint. Each run
/// must end with the totals of everything produced and exact window averages (<see cref="ClusterAnalyticsRun"/>), the
/// results a run on one process gives.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class RealTimeAnalyticsClusterTests : IDisposable
{
    private readonly CrashWorkspace workspace = new("ember-rta-cluster");

    public void Dispose() => workspace.Dispose();

    [Fact]
    public async Task RealTimeAnalytics_OnLocalCluster_ExactResultsAndExecutorsInWebUI()
    {
        var port = FreePort();
        await ClusterAnalyticsRun.RunAsync(workspace, async run =>
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var application = JsonDocument.Parse(await http.GetStringAsync("/api/v1/applications")).RootElement[0].GetProperty("id").GetString();
            var executors = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/applications/{application}/executors")).RootElement;
            var started = await run.ExecutorsAsync();
            Assert.Equal(started.Keys.Order(), executors.EnumerateArray().Select(executor => executor.GetProperty("id").GetString()!).Order());
            Assert.All(executors.EnumerateArray(), executor =>
            {
                Assert.True(executor.GetProperty("isActive").GetBoolean());
                Assert.True(executor.GetProperty("completedTasks").GetInt32() > 0, $"Executor {executor} ran no task.");
            });
        }, "--ui-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RealTimeAnalytics_ExecutorKilledWhileRecordsFlow_ResultsEqualUndisturbedRun()
    {
        await ClusterAnalyticsRun.RunAsync(workspace, async run =>
        {
            var victim = (await run.ExecutorsAsync())["0"];
            ExecutorProcesses.Kill(victim);
            // The driver replaces a lost executor with a new process and a new id.
            await run.ExecutorsAsync(count: 3);
            Assert.False(ExecutorProcesses.IsAlive(victim));
        });
    }

    [Fact]
    public async Task RealTimeAnalytics_DriverKilledAndRestarted_OldExecutorsExitAndResultsEqualUndisturbedRun()
    {
        await ClusterAnalyticsRun.RunAsync(workspace, async run =>
        {
            var oldExecutors = (await run.ExecutorsAsync()).Values.ToList();
            run.Driver.KillAlone();
            // Restarted at once, as a supervisor would; its executors are new processes.
            run.StartDriver();
            await run.WaitAsync(() => run.Driver.Output.Contains("Recovering from", StringComparison.Ordinal), "recovered from its checkpoint");
            var newExecutors = (await run.ExecutorsAsync()).Values.ToList();
            Assert.Empty(newExecutors.Intersect(oldExecutors));
            var survivors = await ExecutorProcesses.WaitForExitAsync(oldExecutors, ClusterAnalyticsRun.StepTimeout);
            Assert.True(survivors.Count == 0,
                $"Executor process(es) {string.Join(", ", survivors)} still run {ClusterAnalyticsRun.StepTimeout.TotalSeconds} s after their driver was killed.");
        });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

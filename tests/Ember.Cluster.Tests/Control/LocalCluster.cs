using Ember.Cluster.Control;
using Ember.Cluster.Processes;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Control;

/// <summary>
/// A driver endpoint in the test process with executor processes on 127.0.0.1, recording the driver's events.
/// Disposing kills every process the test started, whatever happened in the test.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    private LocalCluster(DriverEndpoint driver, ExecutorProcessLauncher launcher, ILoggerFactory loggerFactory)
    {
        Driver = driver;
        Launcher = launcher;
        _loggerFactory = loggerFactory;
        driver.ExecutorAdded += Added.Add;
        driver.ExecutorRemoved += Removed.Add;
        driver.StatusUpdateReceived += (id, status) => Statuses.Add((id, status));
    }

    /// <summary>Failure detection shrunk for tests (pause 2 s, stable-after 3 s), so loss tests stay short; the defaults are more lenient.</summary>
    public static ClusterOptions Options { get; } = new()
    {
        AcceptableHeartbeatPause = TimeSpan.FromSeconds(2),
        StableAfter = TimeSpan.FromSeconds(3),
        ShutdownTimeout = TimeSpan.FromSeconds(10),
    };

    public DriverEndpoint Driver { get; }

    public ExecutorProcessLauncher Launcher { get; }

    public EventRecorder<ExecutorInfo> Added { get; } = new();

    public EventRecorder<ExecutorRemoved> Removed { get; } = new();

    public EventRecorder<(string ExecutorId, StatusUpdate Status)> Statuses { get; } = new();

    public static async Task<LocalCluster> StartAsync(ITestOutputHelper output, ExecutorCommand? command = null)
    {
        var loggerFactory = TestOutputLoggerProvider.Factory(output);
        var driver = await DriverEndpoint.StartAsync(Options, loggerFactory: loggerFactory);
        var launcher = new ExecutorProcessLauncher(driver.Address, Options, command, loggerFactory.CreateLogger("Executors"));
        return new LocalCluster(driver, launcher, loggerFactory);
    }

    /// <summary>Launches <paramref name="count"/> executor processes and waits until all have registered.</summary>
    public async Task<IReadOnlyList<Ember.Cluster.Processes.ExecutorProcess>> LaunchAndAwaitAsync(int count, int cores, TimeSpan deadline)
    {
        var processes = Launcher.LaunchLocalCluster(count, cores);
        await Added.WaitForCountAsync(_ => true, count, deadline, "ExecutorAdded");
        return processes;
    }

    public async ValueTask DisposeAsync()
    {
        // The driver first, so executors leave gracefully; the launcher then kills whatever still runs.
        try
        {
            await Driver.DisposeAsync();
        }
        finally
        {
            await Launcher.DisposeAsync();
            _loggerFactory.Dispose();
        }
    }
}

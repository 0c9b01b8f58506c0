using Ember.Cluster.Control;
using Ember.Cluster.Processes;

namespace Ember.Cluster.Tests.Control;

/// <summary>
/// This test assembly's entry point. <c>driver-host N</c> runs a driver with N executor processes and reports them on
/// stdout ("executor ID pid PID", "registered ID"), until killed or until stdin closes (the test that started it is
/// gone), so the orphan test can kill a real driver process.
/// </summary>
public static class DriverHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["driver-host", var count])
            return 64;
        await using var driver = await DriverEndpoint.StartAsync(LocalCluster.Options);
        driver.ExecutorAdded += e => Console.WriteLine($"registered {e.ExecutorId}");
        await using var launcher = new ExecutorProcessLauncher(driver.Address, LocalCluster.Options);
        foreach (var p in launcher.LaunchLocalCluster(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), cores: 1))
            Console.WriteLine($"executor {p.ExecutorId} pid {p.ProcessId}");
        await Console.In.ReadToEndAsync();
        return 0;
    }
}

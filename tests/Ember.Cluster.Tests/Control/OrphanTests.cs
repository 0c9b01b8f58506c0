using System.Diagnostics;
using Ember.Cluster.Processes;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Control;

/// <summary>A driver process killed with SIGKILL leaves no executor process behind.</summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class OrphanTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SigKill_DriverProcess_ExecutorsExitOnTheirOwn()
    {
        var command = ExecutorCommand.ForCurrentApplication();
        var testAssembly = Path.Combine(Path.GetDirectoryName(command.DepsFile)!, "Ember.Cluster.Tests.dll");
        var start = new ProcessStartInfo(command.DotnetHost)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var a in (string[])["exec", "--depsfile", command.DepsFile, "--runtimeconfig", command.RuntimeConfig, testAssembly, "driver-host", "2"])
            start.ArgumentList.Add(a);
        using var driver = Process.Start(start)!;
        var executorPids = new List<int>();
        try
        {
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(40)))
            {
                var registered = 0;
                while (registered < 2)
                {
                    var line = await driver.StandardOutput.ReadLineAsync(deadline.Token)
                        ?? throw new InvalidOperationException($"The driver process ended early (code {driver.ExitCode}).");
                    output.WriteLine("driver: " + line);
                    if (line.StartsWith("executor ", StringComparison.Ordinal))
                        executorPids.Add(int.Parse(line.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture));
                    else if (line.StartsWith("registered ", StringComparison.Ordinal))
                        registered++;
                }
            }
            Assert.Equal(2, executorPids.Count);

            var clock = Stopwatch.StartNew();
            UnixSignals.Send(driver.Id, UnixSignals.SigKill); // the driver alone, not its process tree
            var exitDeadline = TimeSpan.FromSeconds(30);
            while (executorPids.Any(UnixSignals.IsAlive) && clock.Elapsed < exitDeadline)
                await Task.Delay(100);
            output.WriteLine($"measured: executors gone {clock.Elapsed.TotalSeconds:0.00} s after the driver's SIGKILL");
            Assert.DoesNotContain(executorPids, UnixSignals.IsAlive);
        }
        finally
        {
            try
            {
                driver.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            foreach (var pid in executorPids.Where(UnixSignals.IsAlive))
                UnixSignals.Send(pid, UnixSignals.SigKill);
        }
    }
}

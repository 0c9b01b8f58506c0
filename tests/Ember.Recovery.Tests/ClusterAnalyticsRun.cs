using Ember.Streaming.Kafka;

namespace Ember.Recovery.Tests;

/// <summary>
/// One run of realtimeanalytics on <c>local-cluster[2,1]</c> against a broker of the test's: records flow while a
/// disturbance hits the job (a process killed, or nothing), stop once a batch after it has completed; then the totals
/// must equal everything produced, the window must empty (the inverse function took out exactly what went in), and a
/// burst of records must give exactly its own averages. Every driver and executor process it started is stopped,
/// even when it fails, and the executors of a cleanly stopped driver must have exited by themselves.
/// </summary>
internal sealed class ClusterAnalyticsRun : IDisposable
{
    public const string Master = "local-cluster[2,1]";

    /// <summary>How long any one step may take: startup, recovery, an executor noticing its driver is gone.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(45);

    private readonly List<ExampleProcess> drivers = [];
    private readonly string[] arguments;
    private readonly string output;

    private ClusterAnalyticsRun(string[] arguments, string output)
    {
        this.arguments = arguments;
        this.output = output;
    }

    /// <summary>The driver running now (the last one started).</summary>
    public ExampleProcess Driver => drivers[^1];

    public JobOutput Totals => JobOutput.ResultFile(RealTimeAnalyticsRun.TotalsFile(output));

    /// <summary>Starts a driver with the run's arguments, from its checkpoint if one exists.</summary>
    public ExampleProcess StartDriver()
    {
        drivers.Add(ExampleProcess.Start(arguments));
        return Driver;
    }

    /// <summary>The executors of the current driver (id to pid), once it has started <paramref name="count"/> of them.</summary>
    public async Task<IReadOnlyDictionary<string, int>> ExecutorsAsync(int count = 2)
    {
        await WaitAsync(() => ExecutorProcesses.Started(Driver.Output).Count >= count, $"started {count} executors");
        return ExecutorProcesses.Started(Driver.Output);
    }

    /// <summary>Waits for <paramref name="condition"/>; fails naming <paramref name="what"/> with the driver's output if it does not hold in time, or the driver exits.</summary>
    public async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (!condition())
        {
            Assert.False(Driver.HasExited, $"The driver exited (code {(Driver.HasExited ? Driver.ExitCode : 0)}) before it {what}:\n{Driver.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"The job has not {what} within {StepTimeout.TotalSeconds} s:\n{Driver.Output}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>
    /// Runs the job through <paramref name="disturb"/>, called once it has counted records while more flow, and checks
    /// its results as the class summary says. <paramref name="extraArguments"/> go after the run's own.
    /// </summary>
    public static async Task RunAsync(CrashWorkspace workspace, Func<ClusterAnalyticsRun, Task> disturb, params string[] extraArguments)
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        await kafka.CreateTopicAsync(RealTimeAnalyticsRun.Topic);
        var output = workspace.Dir("output");
        string[] arguments = [.. RealTimeAnalyticsRun.Arguments(kafka.BootstrapServers, output, workspace.Dir("checkpoint")), "--master", Master, .. extraArguments];
        using var run = new ClusterAnalyticsRun(arguments, output);
        run.StartDriver();

        // The same seed gives the same messages, so the totals of the first n are those of Messages(n, seed).
        const int Seed = 17;
        var (pool, _, _, _) = RealTimeAnalyticsRun.Messages(3000, Seed);
        using var stopFeeding = new CancellationTokenSource();
        var produced = 0;
        var feeding = RealTimeAnalyticsRun.ProduceAsync(kafka.BootstrapServers,
            pool.TakeWhile(_ => !stopFeeding.IsCancellationRequested).Select(message => { produced++; return message; }),
            TimeSpan.FromMilliseconds(10));
        try
        {
            await run.WaitAsync(() => run.Totals.Latest().Values.Sum() > 0, "counted its first records");
            await disturb(run);
            // Records keep flowing until a batch after the disturbance has completed.
            var afterDisturbance = run.Totals.NewestMark();
            await run.WaitAsync(() => run.Totals.NewestMark() > afterDisturbance, "completed a batch after the disturbance");
            await stopFeeding.CancelAsync();
            await feeding;
        }
        finally
        {
            await stopFeeding.CancelAsync();
            await feeding.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        var (_, expected, _, _) = RealTimeAnalyticsRun.Messages(produced, Seed);
        await run.WaitForTotalsAsync(expected);

        // With nothing more produced, every reading leaves the window: the inverse function must take each out exactly
        // once, so the window ends empty (none counted twice, none kept) and the next averages are a burst's alone.
        var averages = RealTimeAnalyticsRun.AveragesFile(output);
        var totalsComplete = DateTime.UtcNow;
        await run.WaitAsync(() => File.Exists(averages) && File.GetLastWriteTimeUtc(averages) > totalsComplete && File.ReadAllLines(averages).Length == 0,
            "emptied its window after the records stopped");
        var (burst, burstTotals, burstAverages, _) = RealTimeAnalyticsRun.Messages(120, seed: 18);
        await RealTimeAnalyticsRun.ProduceBurstAsync(kafka.BootstrapServers, burst);
        foreach (var (source, total) in burstTotals)
        {
            expected[source] = expected.GetValueOrDefault(source) + total;
        }
        await run.WaitForTotalsAsync(expected);
        await run.WaitAsync(() => run.Driver.Output.Contains(burstAverages, StringComparison.Ordinal), $"printed the burst's averages \"{burstAverages}\"");

        var executors = ExecutorProcesses.Started(run.Driver.Output).Values.ToList();
        Assert.True(await run.Driver.TerminateAsync(StepTimeout), $"SIGTERM did not stop the driver:\n{run.Driver.Output}");
        Assert.True(run.Driver.ExitCode == 0, $"The driver exited with {run.Driver.ExitCode}:\n{run.Driver.Output}");
        Assert.Empty(await ExecutorProcesses.WaitForExitAsync(executors, StepTimeout));
    }

    /// <summary>Waits until the totals reach <paramref name="expected"/>'s sum, then checks them source by source.</summary>
    private async Task WaitForTotalsAsync(Dictionary<string, long> expected)
    {
        var sum = expected.Values.Sum();
        await WaitAsync(() => Totals.Latest().Values.Sum() >= sum, $"counted all {sum} of the values produced");
        Assert.Equal(expected.OrderBy(pair => pair.Key), Totals.Latest().OrderBy(pair => pair.Key));
    }

    /// <summary>Kills every driver (with its children) and every executor any of them started that still runs.</summary>
    public void Dispose()
    {
        var executors = drivers.SelectMany(driver => ExecutorProcesses.Started(driver.Output).Values).ToList();
        foreach (var driver in drivers)
        {
            driver.Dispose();
        }
        foreach (var pid in executors)
        {
            ExecutorProcesses.Kill(pid);
        }
    }
}

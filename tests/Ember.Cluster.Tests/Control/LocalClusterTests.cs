using System.Diagnostics;
using Ember.Cluster.Control;
using Ember.Cluster.Processes;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Control;

/// <summary>Executor processes on 127.0.0.1 against a driver endpoint in the test process.</summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class LocalClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan JoinDeadline = TimeSpan.FromSeconds(40);

    // Heartbeat 1 s + acceptable pause 2 s, then phi passes 8 within a few more heartbeats; a generous margin for a
    // two-core machine shared with other builds.
    private static readonly TimeSpan DetectionDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task LaunchLocalCluster_TwoExecutors_RegisterAnswerPingsAndReportTaskStatus()
    {
        await using var cluster = await LocalCluster.StartAsync(output);
        var clock = Stopwatch.StartNew();
        cluster.Launcher.LaunchLocalCluster(count: 2, cores: 2);

        var added = await cluster.Added.WaitForCountAsync(_ => true, 2, JoinDeadline, "ExecutorAdded");
        output.WriteLine($"measured: 2 executor processes registered {clock.Elapsed.TotalSeconds:0.00} s after launch");
        Assert.Equal(["0", "1"], added.Select(e => e.ExecutorId).Order());
        Assert.All(added, e =>
        {
            Assert.Equal(2, e.Cores);
            Assert.Equal("127.0.0.1", e.Host);
            Assert.InRange(e.BlockPort, 1, 65535);
            Assert.StartsWith("akka.tcp://ember@127.0.0.1:", e.Address);
        });
        foreach (var e in added)
            output.WriteLine($"measured: ping to executor {e.ExecutorId} {(await cluster.Driver.PingAsync(e.ExecutorId, TimeSpan.FromSeconds(10))).TotalMilliseconds:0.0} ms");

        var launch = new LaunchTask(TaskId: 42, JobId: 1, StageId: 3, StageAttempt: 0, PartitionId: 5, Attempt: 0, Epoch: 7,
            new StageBinaryReference("127.0.0.1", 7000, 3));
        Assert.True(cluster.Driver.LaunchTask("1", launch));
        var (executorId, status) = await cluster.Statuses.WaitForAsync(s => s.Status.TaskId == 42, JoinDeadline, "status of task 42");
        Assert.Equal("1", executorId);
        // Nothing serves stage 3's binary at port 7000: the task fails on its executor, saying what it could not fetch.
        Assert.Equal(TaskState.Failed, status.State);
        Assert.Contains("stage_3", status.ErrorText);
        Assert.Contains("127.0.0.1:7000", status.ErrorText);
    }

    [Fact]
    public async Task DriverDisposed_ExecutorProcesses_ExitOnTheirOwnWithCodeZero()
    {
        await using var cluster = await LocalCluster.StartAsync(output);
        var processes = await cluster.LaunchAndAwaitAsync(count: 2, cores: 1, JoinDeadline);

        var clock = Stopwatch.StartNew();
        await cluster.Driver.DisposeAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        foreach (var p in processes)
            await p.WaitForExitAsync(deadline.Token);
        output.WriteLine($"measured: both executors exited {clock.Elapsed.TotalSeconds:0.00} s after the driver's dispose began");
        Assert.All(processes, p => Assert.Equal(0, p.ExitCode));
        Assert.Equal(2, cluster.Removed.Events.Count(r => r.Reason == ExecutorRemovalReason.Exited));
    }

    [Fact]
    public async Task SigKill_OneExecutor_IsRemovedAsUnreachableAndTheOtherStays()
    {
        await using var cluster = await LocalCluster.StartAsync(output);
        var processes = await cluster.LaunchAndAwaitAsync(count: 2, cores: 1, JoinDeadline);

        var clock = Stopwatch.StartNew();
        UnixSignals.Send(processes[0].ProcessId, UnixSignals.SigKill);
        var removed = await cluster.Removed.WaitForAsync(r => r.ExecutorId == "0", DetectionDeadline, "removal of executor 0");
        output.WriteLine($"measured: SIGKILLed executor removed after {clock.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal(ExecutorRemovalReason.Unreachable, removed.Reason);
        Assert.Equal(["1"], cluster.Driver.Executors.Select(e => e.ExecutorId));
        await cluster.Driver.PingAsync("1", TimeSpan.FromSeconds(10));
        Assert.False(processes[1].HasExited);
    }

    [Fact]
    public async Task SigStop_OneExecutor_IsDeclaredLostWithinTheFailureDetectionTimeAndExitsWhenResumed()
    {
        await using var cluster = await LocalCluster.StartAsync(output);
        var processes = await cluster.LaunchAndAwaitAsync(count: 2, cores: 1, JoinDeadline);
        var frozen = processes[1];
        try
        {
            var clock = Stopwatch.StartNew();
            UnixSignals.Send(frozen.ProcessId, UnixSignals.SigStop);
            var removed = await cluster.Removed.WaitForAsync(r => r.ExecutorId == "1", DetectionDeadline, "loss of executor 1");
            output.WriteLine($"measured: SIGSTOPped executor declared lost after {clock.Elapsed.TotalSeconds:0.00} s");
            Assert.Equal(ExecutorRemovalReason.Unreachable, removed.Reason);
            Assert.Equal(["0"], cluster.Driver.Executors.Select(e => e.ExecutorId));

            // Resumed, it finds itself downed (a downed node never rejoins) and its process ends on its own.
            UnixSignals.Send(frozen.ProcessId, UnixSignals.SigCont);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await frozen.WaitForExitAsync(deadline.Token);
            output.WriteLine($"measured: resumed executor exited (code {frozen.ExitCode}) {clock.Elapsed.TotalSeconds:0.00} s after SIGSTOP");
            Assert.NotEqual(0, frozen.ExitCode);
        }
        finally
        {
            if (!frozen.HasExited)
                UnixSignals.Send(frozen.ProcessId, UnixSignals.SigCont); // so the launcher's kill is not left pending
        }
    }

    [Fact]
    public async Task DifferentBuild_Executor_IsRefusedNamingTheAssemblyAndBothMvidsAndExitsNonZero()
    {
        using var patched = PatchedBuild.Create("Ember.Core.dll");
        Assert.Equal(patched.NewMvid, ApplicationBuild.ReadMvid(Path.Combine(patched.Directory, "Ember.Core.dll")));
        var command = ExecutorCommand.ForApplication(patched.Directory, Path.GetFileName(ExecutorCommand.ForCurrentApplication().DepsFile));
        await using var cluster = await LocalCluster.StartAsync(output, command);
        var process = cluster.Launcher.Launch("2", cores: 1);

        var refused = await cluster.Removed.WaitForAsync(r => r.ExecutorId == "2", JoinDeadline, "refusal of executor 2");
        var expected = $"executor 2 runs a different build of Ember.Core.dll: {patched.OldMvid} on the driver, {patched.NewMvid} on the executor";
        Assert.Equal(ExecutorRemovalReason.Refused, refused.Reason);
        Assert.Equal(expected, refused.Message);
        Assert.Empty(cluster.Added.Events);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(deadline.Token);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains(process.OutputTail, line => line.Contains(expected, StringComparison.Ordinal));
    }
}

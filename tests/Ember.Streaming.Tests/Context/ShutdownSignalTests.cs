using System.Diagnostics;
using System.Globalization;

namespace Ember.Streaming.Tests.Context;

/// <summary>
/// <see cref="StreamingOptions.StopGracefullyOnShutdown"/> in a process that embeds Ember: the test process itself
/// receives SIGTERM, so a library that ended the process on the signal would end this test run.
/// </summary>
public sealed class ShutdownSignalTests
{
    [Fact]
    public async Task Sigterm_StopGracefullyOnShutdown_StopsContextAndLeavesHostProcessRunning()
    {
        Assert.False(OperatingSystem.IsWindows(), "POSIX signals: this test runs on Linux and macOS.");
        await using var h = new StreamingHarness(configure: options => options.StopGracefullyOnShutdown = true);
        var outputs = new List<int>();
        h.Queue<int>([1], [2]).ForEachRdd(rdd => outputs.AddRange(rdd.Collect()));
        h.Context.Start();
        await h.RunBatchAsync();

        await SignalThisProcessAsync("TERM");

        await h.Context.AwaitTerminationAsync().WaitAsync(StreamingHarness.SafetyNet);
        Assert.Equal(StreamingContextState.Stopped, h.Context.State);
        Assert.Equal([1], outputs);
        Assert.Null(StreamingContext.GetActive());
    }

    private static async Task SignalThisProcessAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(StreamingHarness.SafetyNet);
        Assert.Equal(0, kill.ExitCode);
    }
}

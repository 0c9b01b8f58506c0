using Ember.Cluster.Control;
using Ember.Cluster.Processes;

namespace Ember.Cluster.Tests.Control;

public sealed class ExecutorArgumentsTests
{
    [Fact]
    public void Parse_OfFormat_GivesTheSameArgumentsAndOptions()
    {
        var options = new ClusterOptions
        {
            BindHost = "10.1.2.3",
            HeartbeatInterval = TimeSpan.FromMilliseconds(250),
            AcceptableHeartbeatPause = TimeSpan.FromSeconds(1.5),
            StableAfter = TimeSpan.FromSeconds(9),
            JoinTimeout = TimeSpan.FromSeconds(12),
        };
        var arguments = new ExecutorArguments("akka.tcp://ember@127.0.0.1:4000", "7", 3, options);
        Assert.Equal(arguments, ExecutorArguments.Parse(arguments.Format()));
    }

    [Fact]
    public void Parse_MissingDriver_ThrowsWithUsage()
    {
        var error = Assert.Throws<ArgumentException>(() => ExecutorArguments.Parse(["--executor-id", "1", "--cores", "1"]));
        Assert.Contains("--driver", error.Message);
        Assert.Contains("Usage", error.Message);
    }

    [Fact]
    public void Parse_UnknownOption_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => ExecutorArguments.Parse(
            ["--driver", "akka.tcp://ember@127.0.0.1:1", "--executor-id", "1", "--cores", "1", "--colour", "red"]));
        Assert.Contains("--colour", error.Message);
    }

    [Fact]
    public async Task RunAsync_BadCommandLine_ReturnsTheUsageExitCode() =>
        Assert.Equal(ExecutorProgram.UsageExitCode, await ExecutorProgram.RunAsync(["--cores", "x"]));
}

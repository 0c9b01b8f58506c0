using Akka.Actor;
using Ember.Cluster.Control;

namespace Ember.Cluster.Tests.Control;

public sealed class ClusterConfigTests
{
    [Fact]
    public void Build_DefaultOptions_KeepOldestWithoutDownIfAloneOnLoopbackPortZero()
    {
        var config = ClusterConfig.Build(new ClusterOptions());
        Assert.Equal("cluster", config.GetString("akka.actor.provider"));
        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(0, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(ClusterConfig.MaximumFrameSize, config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size"));
        Assert.Equal("keep-oldest", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.False(config.GetBoolean("akka.cluster.split-brain-resolver.keep-oldest.down-if-alone"));
        Assert.False(config.GetBoolean("akka.actor.serialize-messages"));
        Assert.False(config.GetBoolean("akka.log-dead-letters"));
        Assert.Empty(config.GetStringList("akka.cluster.seed-nodes"));
    }

    [Fact]
    public void Build_FailureDetectionOptions_ReachTheDetectorAndTheResolver()
    {
        var options = new ClusterOptions
        {
            BindHost = "10.0.0.5",
            HeartbeatInterval = TimeSpan.FromMilliseconds(500),
            AcceptableHeartbeatPause = TimeSpan.FromSeconds(4),
            StableAfter = TimeSpan.FromSeconds(7),
            SerializeMessages = true,
        };
        var config = ClusterConfig.Build(options);
        Assert.Equal("10.0.0.5", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval"));
        Assert.Equal(TimeSpan.FromSeconds(4), config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.True(config.GetBoolean("akka.actor.serialize-messages"));
    }

    [Fact]
    public void Build_NonPositiveDuration_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ClusterConfig.Build(new ClusterOptions { StableAfter = TimeSpan.Zero }));
        Assert.Equal(nameof(ClusterOptions.StableAfter), error.ParamName);
    }

    [Fact]
    public void Build_ControlMessages_AreBoundToTheControlSerializer()
    {
        // A plain actor system (no remoting) is enough to resolve the bindings.
        var config = ClusterConfig.Build(new ClusterOptions())
            .WithFallback(Akka.Configuration.ConfigurationFactory.ParseString("akka.actor.provider = local"));
        using var system = ActorSystem.Create(ClusterNames.ActorSystem,
            Akka.Configuration.ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(config));
        var serialization = system.Serialization;
        Assert.IsType<ControlMessageSerializer>(serialization.FindSerializerFor(new KillTask(1)));
        Assert.IsType<ControlMessageSerializer>(serialization.FindSerializerFor(new StatusUpdate(1, TaskState.Killed)));
        Assert.True(ControlMessageSerializer.SerializerId > 40);
    }

    [Fact]
    public void Build_DriverAndExecutor_OnlyExecutorsLeaveWhenTheProcessIsAskedToEnd()
    {
        // A driver whose application catches SIGTERM to stop gracefully still needs its executors for the last batches:
        // Akka's CLR shutdown hook would make it leave the cluster (and its executors exit) on the signal.
        Assert.False(ClusterConfig.Build(new ClusterOptions(), leaveOnProcessExit: false).GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook"));
        Assert.True(ClusterConfig.Build(new ClusterOptions()).GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook"));
    }
}

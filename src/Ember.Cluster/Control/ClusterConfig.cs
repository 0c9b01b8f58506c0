using System.Globalization;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Ember.Cluster.Security;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Control;

/// <summary>
/// Builds the one HOCON configuration every node of an Ember cluster runs (the driver and executors differ in how they
/// join, which is code, and in whether the process's end makes them leave). Facts behind each setting: docs/cluster-spike.md and
/// CLUSTER-REFERENCE.md section 4.
/// </summary>
internal static class ClusterConfig
{
    /// <summary>Akka.Remote's frame limit, set explicitly so every node agrees (an inbound frame over the receiver's
    /// limit is refused).</summary>
    public const int MaximumFrameSize = 128_000;

    /// <param name="options">The cluster's settings.</param>
    /// <param name="leaveOnProcessExit">
    /// Whether the node leaves the cluster by itself when the process ends (Akka's CLR shutdown hook): on for executors,
    /// so a stopped executor leaves at once; off for the driver, whose engine decides when it leaves: a process that
    /// only catches SIGTERM (a streaming context stopping gracefully, which still needs its executors) must not lose them.
    /// </param>
    public static Config Build(ClusterOptions options, bool leaveOnProcessExit = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var serializer = typeof(ControlMessageSerializer);
        var bridge = typeof(AkkaLoggerBridge);
        var hocon = $$"""
            akka {
              loglevel = WARNING
              # Everything goes through the logger bridge (Microsoft.Extensions.Logging, or nowhere without a factory).
              stdout-loglevel = OFF
              loggers = ["{{bridge.FullName}}, {{bridge.Assembly.GetName().Name}}"]
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              actor {
                provider = cluster
                serialize-messages = {{(options.SerializeMessages ? "on" : "off")}}
                serializers { ember-control = "{{serializer.FullName}}, {{serializer.Assembly.GetName().Name}}" }
                serialization-bindings { "{{typeof(IControlMessage).FullName}}, {{serializer.Assembly.GetName().Name}}" = ember-control }
              }
              remote {
                log-remote-lifecycle-events = off
                dot-netty.tcp {
                  hostname = "{{options.BindHost}}"
                  public-hostname = "{{options.BindHost}}"
                  port = {{options.Port}}
                  maximum-frame-size = {{MaximumFrameSize}}b
                  # Read from HOCON only; the certificate and its validation come in code (ControlPlaneTls), and ssl { }
                  # is ignored when they do.
                  enable-ssl = {{(options.Secret is null ? "off" : "on")}}
                }
              }
              cluster {
                # The driver joins itself; executors join the driver's address, given to them in code.
                seed-nodes = []
                log-info = off
                failure-detector {
                  heartbeat-interval = {{Seconds(options.HeartbeatInterval)}}
                  acceptable-heartbeat-pause = {{Seconds(options.AcceptableHeartbeatPause)}}
                  threshold = 8.0
                }
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  # The driver is the oldest node: its side survives any partition.
                  active-strategy = keep-oldest
                  stable-after = {{Seconds(options.StableAfter)}}
                  down-all-when-unstable = off
                  # On, a driver cut off from every executor would down itself (pitfall 2).
                  keep-oldest { down-if-alone = off, role = "" }
                }
                shutdown-after-unsuccessful-join-seed-nodes = {{Seconds(options.JoinTimeout)}}
                run-coordinated-shutdown-when-down = on
              }
              coordinated-shutdown.run-by-clr-shutdown-hook = {{(leaveOnProcessExit ? "on" : "off")}}
            }
            """;
        return ConfigurationFactory.ParseString(hocon);
    }

    /// <summary>
    /// Everything an actor system of the cluster starts with: the configuration, the logger bridge, and with a secret
    /// the TLS setup (whose refusals <paramref name="refusedPeer"/> hears).
    /// </summary>
    public static ActorSystemSetup Setup(ClusterOptions options, ILoggerFactory loggerFactory, Action<string>? refusedPeer = null, bool leaveOnProcessExit = true)
    {
        var setup = BootstrapSetup.Create().WithConfig(Build(options, leaveOnProcessExit)).And(new LoggerFactorySetup(loggerFactory));
        return options.Secret is null ? setup : setup.And(ControlPlaneTls.Setup(options.Secret, refusedPeer));
    }

    private static string Seconds(TimeSpan value) =>
        value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}

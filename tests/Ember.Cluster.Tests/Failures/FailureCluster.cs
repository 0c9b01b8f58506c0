using Ember.Cluster.Control;
using Ember.Cluster.Processes;
using Ember.Cluster.Scheduling;
using Ember.Cluster.Tests.Control;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Failures;

/// <summary>
/// A context on <c>local-cluster[N,1]</c> whose executor processes a test can signal, with the driver's logs and
/// executor removals recorded. Disposing stops the context and kills every executor process, frozen ones included.
/// </summary>
internal sealed class FailureCluster : IDisposable
{
    private readonly ILoggerFactory loggerFactory;
    private readonly ClusterResources resources;
    private readonly List<int> frozen = [];

    private FailureCluster(EmberContext context, LogRecorder logs, ILoggerFactory loggerFactory)
    {
        Context = context;
        Logs = logs;
        this.loggerFactory = loggerFactory;
        resources = ((ClusterSchedulerBackend)context.Backend).Resources;
        Control = resources.Control!;
        Control.ExecutorRemoved += Removed.Add;
    }

    public EmberContext Context { get; }

    /// <summary>Everything the driver logged, Debug included.</summary>
    public LogRecorder Logs { get; }

    /// <summary>The driver's control endpoint: its registered executors.</summary>
    public DriverEndpoint Control { get; }

    /// <summary>Executors removed since the context started.</summary>
    public EventRecorder<ExecutorRemoved> Removed { get; } = new();

    /// <summary>Starts <c>local-cluster[executors,cores]</c>; its logs go to <paramref name="output"/> too, when given.</summary>
    public static FailureCluster Start(ITestOutputHelper? output, int executors, int cores = 1)
    {
        var logs = new LogRecorder();
        var loggerFactory = LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
            if (output is not null)
                builder.AddProvider(new TestOutputLoggerProvider(output));
        });
        try
        {
            var context = new EmberContext(new EmberOptions { Master = $"local-cluster[{executors},{cores}]", AppName = "failures", LoggerFactory = loggerFactory });
            return new FailureCluster(context, logs, loggerFactory);
        }
        catch
        {
            loggerFactory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// How long the control plane may take to declare a silent executor lost: the acceptable heartbeat pause plus a
    /// few heartbeats for phi to pass its threshold (what <see cref="ClusterOptions.AcceptableHeartbeatPause"/>
    /// promises), plus a margin for a two-core machine shared with builds.
    /// </summary>
    public TimeSpan DetectionDeadline =>
        Control.Options.AcceptableHeartbeatPause + 3 * Control.Options.HeartbeatInterval + TimeSpan.FromSeconds(4);

    /// <summary>The process of executor <paramref name="executorId"/> ("0" to "N-1" for <c>local-cluster</c>'s first ones).</summary>
    public ExecutorProcess Process(string executorId) => resources.Executors!.Processes.Single(process => process.ExecutorId == executorId);

    /// <summary>The process ids of the executors started so far, replacements included.</summary>
    public IReadOnlyList<int> ExecutorProcessIds => [.. resources.Executors!.Processes.Select(process => process.ProcessId)];

    /// <summary>SIGKILL: the process ends at once, its sockets closed by the kernel.</summary>
    public void Kill(ExecutorProcess process) => UnixSignals.Send(process.ProcessId, UnixSignals.SigKill);

    /// <summary>SIGSTOP: the process stays, its sockets open, silent (heartbeats and block service alike).</summary>
    public void Freeze(ExecutorProcess process)
    {
        lock (frozen)
            frozen.Add(process.ProcessId);
        UnixSignals.Send(process.ProcessId, UnixSignals.SigStop);
    }

    /// <summary>SIGCONT: a frozen process runs again.</summary>
    public void Thaw(ExecutorProcess process)
    {
        UnixSignals.Send(process.ProcessId, UnixSignals.SigCont);
        lock (frozen)
            frozen.Remove(process.ProcessId);
    }

    /// <summary>The measured recovery and detection times go to the test's output with this prefix, for the report.</summary>
    public static string Measured(string what, TimeSpan elapsed) => $"measured: {what} {elapsed.TotalSeconds:0.00} s";

    public void Dispose()
    {
        try
        {
            // A frozen executor would never leave: the driver's graceful stop would wait for it in vain.
            lock (frozen)
            {
                foreach (var pid in frozen.Where(UnixSignals.IsAlive))
                    UnixSignals.Send(pid, UnixSignals.SigKill);
                frozen.Clear();
            }
            Context.Dispose();
        }
        finally
        {
            loggerFactory.Dispose();
        }
    }
}

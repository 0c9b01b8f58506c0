using System.Diagnostics;
using Ember.Cluster.Control;
using Ember.Cluster.Processes;
using Ember.Cluster.Security;
using Ember.Cluster.Tests.Control;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Security;

/// <summary>
/// The control plane with a shared secret, with executor processes on 127.0.0.1. The secret is handed to the cluster
/// explicitly (never through this process's environment, which other tests share); executors get it in theirs.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class SecureClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void LocalCluster_SameSecret_ExecutorRegistersOverTlsAndAShuffleJobRuns()
    {
        var secret = ClusterSecret.Of(ClusterSecretTests.Secret);
        var recorded = new RecordingLogger();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information)
            .AddProvider(new TestOutputLoggerProvider(output)).AddProvider(recorded));
        var clock = Stopwatch.StartNew();
        using var context = new EmberContext(new EmberOptions { Master = "local-cluster[1,1]", LoggerFactory = loggerFactory },
            created => new ClusterManager(() => secret).Start(created, created.Options.Master));
        output.WriteLine($"measured: local-cluster[1,1] with TLS up in {clock.Elapsed.TotalSeconds:0.00} s");

        var words = Enumerable.Range(0, 1000).Select(i => $"w{i % 7}").ToArray();
        var counts = context.Parallelize(words, 4).Map(w => (w, 1)).ReduceByKey((a, b) => a + b).Collect();

        Assert.Equal(words.GroupBy(w => w).Select(g => (g.Key, g.Count())).OrderBy(p => p.Key),
            counts.Select(p => (p.Key, p.Value)).OrderBy(p => p.Key));
        // The driver and the executor speak TLS: the driver's address says so, and the executor joined it.
        Assert.Contains(recorded.Lines, l => l.Message.Contains("Cluster driver at akka.ssl.tcp://ember@127.0.0.1:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Executor_WithAnotherSecret_NeverRegistersAndExitsSayingTheSecretDiffers()
    {
        await using var driver = await SecureDriver.StartAsync(output);
        var rogue = LocalCluster.Options with { Secret = ClusterSecret.Of(ClusterSecretTests.OtherSecret) };
        await using var launcher = new ExecutorProcessLauncher(driver.Endpoint.Address, rogue, logger: driver.Logger);

        var clock = Stopwatch.StartNew();
        var process = launcher.Launch("0", cores: 1);
        using var deadline = new CancellationTokenSource(Deadline);
        await process.WaitForExitAsync(deadline.Token);
        output.WriteLine($"measured: the executor with another secret exited {clock.Elapsed.TotalSeconds:0.00} s after launch");

        Assert.Equal(new ExecutorExit(ExecutorExitReason.SecretMismatch, "").ExitCode, process.ExitCode);
        Assert.Contains(process.OutputTail, l => l.Contains("the shared secret differs", StringComparison.Ordinal));
        // Refused at the handshake: its registration never reached the driver's actor, so no event of any kind.
        Assert.Empty(driver.Added.Events);
        Assert.Empty(driver.Removed.Events);
        Assert.Empty(driver.Endpoint.Executors);
    }

    [Fact]
    public async Task Executor_WithoutASecretAgainstADriverWithOne_ExitsAtOnceNamingTheSetting()
    {
        await using var driver = await SecureDriver.StartAsync(output);
        // No secret on the launcher: it also removes any the child would inherit, so the child has none.
        await using var launcher = new ExecutorProcessLauncher(driver.Endpoint.Address, LocalCluster.Options, logger: driver.Logger);

        var process = launcher.Launch("0", cores: 1);
        using var deadline = new CancellationTokenSource(Deadline);
        await process.WaitForExitAsync(deadline.Token);

        Assert.Equal(new ExecutorExit(ExecutorExitReason.SecretMismatch, "").ExitCode, process.ExitCode);
        Assert.Contains(process.OutputTail, l => l.Contains($"set {ClusterSecret.EnvironmentVariable}", StringComparison.Ordinal));
        Assert.Empty(driver.Added.Events);
    }

    [Fact]
    public void Start_ExecutorWithASecretAndACleartextDriverAddress_ThrowsBeforeConnecting()
    {
        var options = LocalCluster.Options with { Secret = ClusterSecret.Of(ClusterSecretTests.Secret) };
        var identity = new ExecutorIdentity("akka.tcp://ember@127.0.0.1:1", "0", 1);

        var error = Assert.Throws<SecretMismatchException>(() => ExecutorEndpoint.Start(identity, new NoTasks(), options));

        Assert.Contains("runs without a shared secret", error.Message);
    }

    /// <summary>A driver endpoint with the test secret, recording its executor events.</summary>
    private sealed class SecureDriver : IAsyncDisposable
    {
        private readonly ILoggerFactory loggerFactory;

        private SecureDriver(DriverEndpoint endpoint, ILoggerFactory loggerFactory)
        {
            Endpoint = endpoint;
            this.loggerFactory = loggerFactory;
            Logger = loggerFactory.CreateLogger("Executors");
            endpoint.ExecutorAdded += Added.Add;
            endpoint.ExecutorRemoved += Removed.Add;
        }

        public DriverEndpoint Endpoint { get; }

        public ILogger Logger { get; }

        public EventRecorder<ExecutorInfo> Added { get; } = new();

        public EventRecorder<ExecutorRemoved> Removed { get; } = new();

        public static async Task<SecureDriver> StartAsync(ITestOutputHelper output)
        {
            var loggerFactory = TestOutputLoggerProvider.Factory(output);
            var options = LocalCluster.Options with { Secret = ClusterSecret.Of(ClusterSecretTests.Secret) };
            var endpoint = await DriverEndpoint.StartAsync(options, loggerFactory: loggerFactory);
            Assert.StartsWith("akka.ssl.tcp://ember@127.0.0.1:", endpoint.Address);
            return new SecureDriver(endpoint, loggerFactory);
        }

        public async ValueTask DisposeAsync()
        {
            await Endpoint.DisposeAsync();
            loggerFactory.Dispose();
        }
    }

    /// <summary>Never called: the executor never gets as far as running anything.</summary>
    private sealed class NoTasks : IExecutorHandler
    {
        public void LaunchTask(LaunchTask task, Action<StatusUpdate> reply) => throw new InvalidOperationException("No task was expected.");

        public void KillTask(long taskId) => throw new InvalidOperationException("No kill was expected.");

        public void RemoveShuffle(int shuffleId) => throw new InvalidOperationException("No shuffle removal was expected.");

        public void RemoveRdd(int rddId) => throw new InvalidOperationException("No RDD removal was expected.");
    }
}

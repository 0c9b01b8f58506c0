using Ember.Cluster.Control;
using Ember.Cluster.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Cluster.Processes;

/// <summary>
/// Starts executor processes on this machine for a driver (the <c>local-cluster[N,C]</c> master) and kills them, the
/// whole process tree each, when disposed. Executors also exit on their own once the driver is gone, so none outlives
/// a driver that could not dispose this.
/// </summary>
internal sealed class ExecutorProcessLauncher : IAsyncDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);
    private readonly List<ExecutorProcess> _processes = [];
    private readonly string _driverAddress;
    private readonly ClusterOptions _options;
    private readonly ExecutorCommand _command;
    private readonly ILogger _logger;

    /// <param name="driverAddress">The driver's <see cref="DriverEndpoint.Address"/>.</param>
    /// <param name="options">
    /// The driver's cluster options, passed on unchanged (they must be identical on all nodes); the secret among them
    /// goes in each process's environment, not its command line.
    /// </param>
    /// <param name="command">How to start the executor; the running application's files by default.</param>
    /// <param name="logger">Where the executors' output goes.</param>
    public ExecutorProcessLauncher(string driverAddress, ClusterOptions options, ExecutorCommand? command = null,
        ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(driverAddress);
        ArgumentNullException.ThrowIfNull(options);
        _driverAddress = driverAddress;
        _options = options;
        _command = command ?? ExecutorCommand.ForCurrentApplication();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The processes started so far, exited ones included.</summary>
    public IReadOnlyList<ExecutorProcess> Processes
    {
        get { lock (_processes) return [.. _processes]; }
    }

    /// <summary>Starts executors "0" to "count - 1", each running <paramref name="cores"/> tasks at once.</summary>
    public IReadOnlyList<ExecutorProcess> LaunchLocalCluster(int count, int cores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return [.. Enumerable.Range(0, count).Select(i => Launch(i.ToString(System.Globalization.CultureInfo.InvariantCulture), cores))];
    }

    /// <summary>Starts one executor process (a replacement takes a new id: a lost executor never rejoins).</summary>
    public ExecutorProcess Launch(string executorId, int cores)
    {
        ArgumentException.ThrowIfNullOrEmpty(executorId);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        var arguments = new ExecutorArguments(_driverAddress, executorId, cores, _options);
        var startInfo = _command.StartInfo(arguments.Format());
        ClusterSecret.PassTo(startInfo, _options.Secret);
        var process = ExecutorProcess.Start(executorId, startInfo, _logger);
        lock (_processes)
            _processes.Add(process);
        _logger.LogInformation("Started executor {ExecutorId} ({Cores} cores) as process {Pid}", executorId, cores, process.ProcessId);
        return process;
    }

    /// <summary>Kills every process still running and waits briefly for them to be gone.</summary>
    public async ValueTask DisposeAsync()
    {
        var processes = Processes;
        foreach (var p in processes)
            p.Kill();
        using var timeout = new CancellationTokenSource(ExitWait);
        foreach (var p in processes)
        {
            try
            {
                await p.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _logger.LogWarning("Executor process {Pid} did not exit within {Timeout} of being killed", p.ProcessId, ExitWait);
            }
            p.Dispose();
        }
    }
}

using System.Globalization;
using Ember.Cluster.Control;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Processes;

/// <summary>
/// Keeps <c>local-cluster[N,C]</c>'s N executor processes running, as Spark's standalone workers do: an executor
/// whose process ends is declared lost at once (no wait for the failure detector), and a lost executor is replaced by
/// a new process with a new id (a lost executor never rejoins), up to <see cref="MaxReplacements"/> times
/// (Spark's <c>spark.deploy.maxExecutorRetries</c>).
/// </summary>
internal sealed class LocalExecutors : IAsyncDisposable
{
    /// <summary>How many lost executors are replaced over the context's life before it makes do with fewer.</summary>
    public const int MaxReplacements = 10;

    private readonly ExecutorProcessLauncher launcher;
    private readonly DriverEndpoint driver;
    private readonly int cores;
    private readonly ILogger logger;
    private int nextId;
    private int replacements;
    private int disposed;

    private LocalExecutors(ExecutorProcessLauncher launcher, DriverEndpoint driver, int count, int cores, ILogger logger)
    {
        this.launcher = launcher;
        this.driver = driver;
        this.cores = cores;
        this.logger = logger;
        nextId = count;
        driver.ExecutorRemoved += OnRemoved;
    }

    /// <summary>The processes started so far, ended ones included.</summary>
    public IReadOnlyList<ExecutorProcess> Processes => launcher.Processes;

    /// <summary>
    /// Launches <paramref name="count"/> executors and returns once all are registered; throws, quoting the output of
    /// the executors that failed, if one exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task<LocalExecutors> StartAsync(ExecutorProcessLauncher launcher, DriverEndpoint driver, int count, int cores,
        TimeSpan timeout, ILogger logger)
    {
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void CheckCount()
        {
            if (driver.Executors.Count >= count)
            {
                registered.TrySetResult();
            }
        }
        void OnAdded(ExecutorInfo _) => CheckCount();
        driver.ExecutorAdded += OnAdded;
        try
        {
            var executors = new LocalExecutors(launcher, driver, count, cores, logger);
            var processes = Enumerable.Range(0, count).Select(i => executors.Launch(i.ToString(CultureInfo.InvariantCulture))).ToList();
            CheckCount();
            var exited = Task.WhenAny(processes.Select(process => process.WaitForExitAsync()));
            var ended = await Task.WhenAny(registered.Task, exited, Task.Delay(timeout)).ConfigureAwait(false);
            if (ended == registered.Task)
            {
                return executors;
            }
            await executors.DisposeAsync().ConfigureAwait(false);
            var failed = processes.Where(process => process.HasExited || driver.Find(process.ExecutorId) is null).ToList();
            var reason = ended == exited ? "exited before registering" : $"did not register within {timeout.TotalSeconds:0} s";
            throw new InvalidOperationException(
                $"local-cluster[{count},{cores}]: executor(s) {string.Join(", ", failed.Select(process => process.ExecutorId))} {reason}. " +
                string.Join(" ", failed.Select(process => $"Executor {process.ExecutorId}" +
                    (process.HasExited ? $" (exit code {process.ExitCode})" : "") + $" said: {string.Join(" | ", process.OutputTail)}")));
        }
        finally
        {
            driver.ExecutorAdded -= OnAdded;
        }
    }

    /// <summary>Stops replacing executors, then kills every process still running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }
        driver.ExecutorRemoved -= OnRemoved;
        await launcher.DisposeAsync().ConfigureAwait(false);
    }

    private ExecutorProcess Launch(string executorId)
    {
        var process = launcher.Launch(executorId, cores);
        _ = process.WaitForExitAsync().ContinueWith(_ =>
        {
            if (Volatile.Read(ref disposed) == 0)
            {
                driver.ReportProcessEnded(executorId, process.ExitCode);
            }
        }, TaskScheduler.Default);
        return process;
    }

    private void OnRemoved(ExecutorRemoved removed)
    {
        // A clean exit is the driver stopping it; a refusal (another build) would only be refused again.
        if (removed.Reason is ExecutorRemovalReason.Exited or ExecutorRemovalReason.Refused || Volatile.Read(ref disposed) != 0)
        {
            return;
        }
        if (Interlocked.Increment(ref replacements) > MaxReplacements)
        {
            logger.LogWarning("Executor {Executor} is lost and not replaced: {Max} executors were replaced already", removed.ExecutorId, MaxReplacements);
            return;
        }
        var replacement = Interlocked.Increment(ref nextId) - 1;
        logger.LogWarning("Executor {Executor} is lost ({Message}); starting executor {Replacement} in its place",
            removed.ExecutorId, removed.Message, replacement);
        Launch(replacement.ToString(CultureInfo.InvariantCulture));
    }
}

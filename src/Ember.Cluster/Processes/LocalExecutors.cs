using Ember.Cluster.Control;

namespace Ember.Cluster.Processes;

/// <summary>Starts <c>local-cluster</c>'s executor processes and waits until every one has registered with the driver.</summary>
internal static class LocalExecutors
{
    /// <summary>
    /// Launches <paramref name="count"/> executors and returns once all are registered; throws, quoting the output of
    /// the executors that failed, if one exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task StartAsync(ExecutorProcessLauncher launcher, DriverEndpoint driver, int count, int cores, TimeSpan timeout)
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
            var processes = launcher.LaunchLocalCluster(count, cores);
            CheckCount();
            var exited = Task.WhenAny(processes.Select(process => process.WaitForExitAsync()));
            var ended = await Task.WhenAny(registered.Task, exited, Task.Delay(timeout)).ConfigureAwait(false);
            if (ended == registered.Task)
            {
                return;
            }
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
}

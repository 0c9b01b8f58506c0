using Ember.Scheduling;
using Microsoft.Extensions.Logging;

namespace Ember;

// Stopping a context, and what a stopped context refuses.
public sealed partial class EmberContext
{
    /// <summary>
    /// Cancels running jobs (queued tasks at once, running ones through <see cref="TaskContext.CancellationToken"/>),
    /// stops the workers and deletes disk blocks. Idempotent. Always returns: it waits at most 10 s for running tasks,
    /// then leaves any that ignore their cancellation to finish on their own, logging a warning.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }
        stopping.Cancel();
        backend.Dispose();
        if (backend is LocalBackend { AbandonedWorkers.Count: > 0 } local)
        {
            Logger.LogWarning("Ember context '{AppName}' stopped while {Workers} still ran user code that ignored its cancellation token",
                AppName, string.Join(", ", local.AbandonedWorkers));
        }
        // After the backend: the ends of the tasks it stopped are posted before the bus delivers its last events.
        Listeners.Stop();
        progressBar?.Dispose();
        BlockManager.Dispose();
        if (Options.LocalDirectory is null && Directory.Exists(localDirectory))
        {
            Directory.Delete(localDirectory, recursive: true);
        }
        Logger.LogInformation("Ember context '{AppName}' stopped", AppName);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>As <see cref="ThrowIfStopped(string)"/> for checks on every job and RDD: the text is formatted only to throw.</summary>
    private void ThrowIfStopped(string attemptFormat, object argument, object? other = null)
    {
        if (Volatile.Read(ref disposed) != 0)
        {
            ThrowIfStopped(string.Format(System.Globalization.CultureInfo.InvariantCulture, attemptFormat, argument, other));
        }
    }

    private void ThrowIfStopped(string attempt)
    {
        if (Volatile.Read(ref disposed) != 0)
        {
            throw new ObjectDisposedException($"EmberContext '{AppName}' ({ApplicationId})",
                $"Cannot {attempt}: the EmberContext '{AppName}' ({ApplicationId}) is stopped. Create a new context.");
        }
    }
}

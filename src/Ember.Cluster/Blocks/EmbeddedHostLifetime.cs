using Microsoft.Extensions.Hosting;

namespace Ember.Cluster.Blocks;

/// <summary>
/// The lifetime of a host Ember runs inside a user's process: it ignores the process's signals. The default
/// (ConsoleLifetime) stops the host on SIGTERM or Ctrl+C, so a signal meant for the application (which may stop its
/// streaming context gracefully, or ignore it) would silently take the block service, and with it the executors, away.
/// The host is stopped by its owner alone.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

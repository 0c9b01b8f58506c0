using Ember.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ember.Hosting;

/// <summary>
/// Runs the job with the host: builds and starts the context in <see cref="StartAsync"/>; stops it gracefully (the
/// last batches complete, the last checkpoint is written) in <see cref="StopAsync"/>, within the host's shutdown
/// timeout; and when the job fails, records the failure, sets a non-zero <see cref="Environment.ExitCode"/> and asks
/// the host to stop. It never ends the process itself.
/// </summary>
internal sealed class StreamingHostedService(
    IServiceProvider services,
    IOptions<EmberStreamingOptions> options,
    StreamingJobMonitor monitor,
    IHostApplicationLifetime lifetime,
    ILogger<StreamingHostedService> logger) : IHostedService
{
    /// <summary>The exit code of a host whose job failed (unless something already set a non-zero one).</summary>
    public const int FailureExitCode = 1;

    private StreamingContext? context;
    private Task? watching;
    private volatile bool hostStopping;

    /// <summary>The running context, once started.</summary>
    public StreamingContext? Context => context;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var interval = settings.BatchInterval
            ?? throw new InvalidOperationException("No batch interval: set Ember:Streaming:BatchInterval in the configuration (\"00:00:10\" or \"10s\") or BatchInterval in AddEmberStreaming's configure.");
        var ember = settings.Ember;
        ember.LoggerFactory ??= services.GetService<ILoggerFactory>();
        var streaming = settings.Streaming;
        if (ReferenceEquals(streaming.TimeProvider, TimeProvider.System) && services.GetService<TimeProvider>() is { } clock)
        {
            streaming.TimeProvider = clock;
        }
        if (streaming.StopGracefullyOnShutdown)
        {
            // The host already turns SIGTERM and Ctrl+C into StopAsync; a second handler would race it.
            logger.LogInformation("StopGracefullyOnShutdown is ignored under the generic host: the host stops the job gracefully on SIGTERM and Ctrl+C");
            streaming.StopGracefullyOnShutdown = false;
        }
        var job = services.GetRequiredService<IStreamingJob>();
        StreamingContext Create()
        {
            var created = new StreamingContext(ember, interval, streaming);
            created.AddStreamingListener(monitor);
            job.Define(created);
            return created;
        }
        var created = settings.CheckpointDirectory is { } directory ? StreamingContext.GetOrCreate(directory, Create) : Create();
        try
        {
            created.Start();
        }
        catch
        {
            // Releases the engine's threads; the host reports the start failure.
            created.StopAsync().GetAwaiter().GetResult();
            throw;
        }
        monitor.OnStarting(created);
        context = created;
        watching = WatchAsync(created);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        hostStopping = true;
        if (context is null || watching is null)
        {
            return;
        }
        try
        {
            // The token is the host's shutdown timeout (HostOptions.ShutdownTimeout): the graceful stop waits for
            // the last batches and the checkpoint until then, and abandons them after.
            await context.StopAsync(graceful: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The streaming job did not stop gracefully within the host's shutdown timeout: its running batches were abandoned");
        }
        await watching.ConfigureAwait(false);
    }

    private async Task WatchAsync(StreamingContext running)
    {
        try
        {
            await running.AwaitTerminationAsync().ConfigureAwait(false);
            monitor.OnStopped(requestedByHost: hostStopping);
            if (!hostStopping)
            {
                logger.LogWarning("The streaming job stopped by itself: stopping the application");
                lifetime.StopApplication();
            }
        }
        catch (Exception error)
        {
            monitor.OnFailed(error);
            logger.LogCritical(error, "The streaming job failed: stopping the application with exit code {ExitCode}", FailureExitCode);
            if (Environment.ExitCode == 0)
            {
                Environment.ExitCode = FailureExitCode;
            }
            lifetime.StopApplication();
        }
    }
}

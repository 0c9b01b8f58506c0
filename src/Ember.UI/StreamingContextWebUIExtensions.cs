using Ember.Streaming;
using Ember.UI.Hosting;
using Ember.UI.Progress;
using Microsoft.Extensions.Logging;

namespace Ember.UI;

/// <summary>Starts Ember's web UI inside a streaming job.</summary>
public static class StreamingContextWebUIExtensions
{
    /// <summary>Spark's default UI port.</summary>
    public const int DefaultPort = 4040;

    /// <summary>
    /// Starts the web UI of <paramref name="context"/> now, on <paramref name="bind"/>:<paramref name="port"/> (Spark's
    /// <c>spark.ui.port</c>); a port in use moves it to the next one, up to 16 times, and the port bound is logged and
    /// given by <see cref="WebUI.Port"/>. Port 0 picks any free port. The UI reads only listener events (the streaming
    /// context's, and its <see cref="EmberContext"/>'s for the Executors page) and keeps the last
    /// <paramref name="retainedBatches"/> completed batches (Spark's <c>spark.streaming.ui.retainedBatches</c>) and the
    /// last 100 removed executors (Spark's <c>spark.ui.retainedDeadExecutors</c>).
    /// Call it before <see cref="StreamingContext.Start"/> so that no event is missed; the UI stops with the context.
    /// </summary>
    /// <param name="context">The job to show.</param>
    /// <param name="port">The first port to try, 0 to 65535.</param>
    /// <param name="bind">The address to listen on: loopback by default, so other hosts cannot reach the UI unless bound there on purpose (e.g. <c>0.0.0.0</c>).</param>
    /// <param name="retainedBatches">How many completed batches the pages and the API keep, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 0..65535 or <paramref name="retainedBatches"/> is below 1.</exception>
    /// <exception cref="IOException">No port from <paramref name="port"/> to 16 ports later is free.</exception>
    public static WebUI UseWebUI(this StreamingContext context, int port = DefaultPort, string bind = "127.0.0.1", int retainedBatches = 1000)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(bind);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var progress = new StreamingProgressListener(context.BatchInterval, retainedBatches, context.StartTime);
        var executors = new ExecutorsListener();
        var application = new UIApplication(context.EmberContext.ApplicationId, context.EmberContext.AppName, progress, context.TimeProvider, executors);
        var logger = context.EmberContext.Logger;
        // Blocking once at start-up, as Spark's UI binds before the job runs: the caller prints the address next.
        var (app, address) = WebUIServer.StartAsync(application, bind, port, logger).GetAwaiter().GetResult();
        var ui = new WebUI(app, address, application.Id);
        context.AddStreamingListener(progress);
        // The engine's listeners hear of the executors registered before this call first, so none is missed.
        context.EmberContext.AddListener(executors);
        logger.LogInformation("Ember web UI at {Address}", ui.StreamingPage);
        _ = context.AwaitTerminationAsync().ContinueWith(_ => ui.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap();
        return ui;
    }
}

using Ember.UI.Hosting;
using Ember.UI.Progress;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.UI.Tests.Support;

/// <summary>
/// The UI's server over a listener the test feeds by hand, for what a short real job cannot show on demand: falling
/// behind, Kafka partitions, input source errors, executors lost.
/// </summary>
internal sealed class FedUI : IAsyncDisposable
{
    private readonly WebApplication app;

    private FedUI(WebApplication app, Uri address, StreamingProgressListener progress, ExecutorsListener executors)
    {
        this.app = app;
        Address = address;
        Progress = progress;
        Executors = executors;
    }

    public const string ApplicationId = "local-fed";

    public Uri Address { get; }

    public StreamingProgressListener Progress { get; }

    public ExecutorsListener Executors { get; }

    public static async Task<FedUI> StartAsync(TimeSpan batchInterval, int retainedBatches = 1000, int retainedDeadExecutors = ExecutorsListener.DefaultRetainedDeadExecutors)
    {
        var progress = new StreamingProgressListener(batchInterval, retainedBatches);
        progress.OnStreamingStarted(new Ember.Streaming.Time(Batches.Epoch.ToUnixTimeMilliseconds()));
        var executors = new ExecutorsListener(retainedDeadExecutors);
        var application = new UIApplication(ApplicationId, "fed-by-test", progress, TimeProvider.System, executors);
        var (app, address) = await WebUIServer.StartAsync(application, "127.0.0.1", 0, NullLogger.Instance);
        return new FedUI(app, address, progress, executors);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

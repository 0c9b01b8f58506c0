using Ember.UI.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Ember.UI;

/// <summary>
/// A running web UI of a streaming job (see <see cref="StreamingContextWebUIExtensions.UseWebUI"/>): the Streaming
/// page at <c>/streaming/</c>, batch pages, the Executors page at <c>/executors/</c>, Spark's streaming and executors
/// JSON API under <c>/api/v1</c> and Prometheus text at <c>/metrics</c>. It stops when its context stops, or when disposed.
/// </summary>
public sealed class WebUI : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Lazy<Task> stop;
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal WebUI(WebApplication app, Uri address, string applicationId)
    {
        this.app = app;
        Address = address;
        ApplicationId = applicationId;
        stop = new Lazy<Task>(StopCoreAsync);
    }

    /// <summary>The base address the UI listens on, e.g. <c>http://127.0.0.1:4040/</c>: the port actually bound.</summary>
    public Uri Address { get; }

    /// <summary>The port actually bound: the one asked for, or a later one when it was taken.</summary>
    public int Port => Address.Port;

    /// <summary>The application id in the API's URLs (<c>/api/v1/applications/{id}/streaming/...</c>).</summary>
    public string ApplicationId { get; }

    /// <summary>The Streaming page's address.</summary>
    public Uri StreamingPage => new(Address, "/streaming/");

    /// <summary>The Executors page's address: each executor's state, cores, tasks and shuffle bytes.</summary>
    public Uri ExecutorsPage => new(Address, "/executors/");

    /// <summary>Completes once the server has stopped (after its context stopped, or on dispose).</summary>
    internal Task Stopped => stopped.Task;

    /// <summary>Stops the server; idempotent.</summary>
    public async ValueTask DisposeAsync() => await stop.Value.ConfigureAwait(false);

    private async Task StopCoreAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        stopped.TrySetResult();
    }
}

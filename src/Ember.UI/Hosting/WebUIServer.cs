using System.Net;
using Ember.UI.Api;
using Ember.UI.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Ember.UI.Hosting;

/// <summary>
/// Builds and starts the UI's ASP.NET Core server on one address. A port in use moves the server to the next port,
/// up to <see cref="MaxPortRetries"/> times (Spark's <c>spark.port.maxRetries</c>), so two jobs on one machine both get a UI.
/// </summary>
internal static class WebUIServer
{
    public const int MaxPortRetries = 16;

    /// <summary>Meters whose names start with this are exported at <c>/metrics</c>: the engine's and the applications' own.</summary>
    public const string MeterPrefix = "Ember";

    public static async Task<(WebApplication App, Uri Address)> StartAsync(UIApplication application, string bind, int port, ILogger logger, CancellationToken cancellationToken = default)
    {
        var address = Resolve(bind);
        for (var attempt = 0; ; attempt++)
        {
            var candidate = port == 0 ? 0 : port + attempt;
            var app = Build(application, address, candidate, logger);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
                return (app, bound);
            }
            catch (IOException error) when (error.InnerException is AddressInUseException)
            {
                await app.DisposeAsync().ConfigureAwait(false);
                if (port == 0 || attempt >= MaxPortRetries || candidate >= IPEndPoint.MaxPort)
                {
                    throw new IOException($"The web UI found no free port from {port} to {candidate} on {bind}.", error);
                }
                logger.LogWarning("Web UI port {Port} is in use; trying {Next}", candidate, candidate + 1);
            }
        }
    }

    private static WebApplication Build(UIApplication application, IPAddress address, int port, ILogger logger)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(WebUIServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(address, port));
        builder.Services.AddRoutingCore();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(logger));
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(application.Name))
            .WithMetrics(metrics => metrics
                .AddMeter($"{MeterPrefix}*")
                // No cache: a scrape right after a batch sees it, as the pages do.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        var app = builder.Build();
        app.UseRouting();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/", () => Results.Redirect("/streaming/"));
        app.MapGet("/streaming/", () => StreamingPage.Render(application));
        app.MapGet("/streaming/data.json", () => StreamingPage.Data(application));
        app.MapGet("/streaming/batch/{time}", (string time) => BatchPage.Render(application, time));
        // Spark's own address of a batch page, so links and bookmarks written for Spark keep working.
        app.MapGet("/streaming/batch/", (string? id) => BatchPage.Render(application, id ?? string.Empty));
        app.MapGet("/executors/", () => ExecutorsPage.Render(application));
        app.MapGet("/static/{name}", (string name) => StaticAssets.Serve(name));
        StreamingApi.Map(app, application);
        app.MapFallback(() => Html.NotFound(application.Name, "There is no such page."));
        return app;
    }

    private static IPAddress Resolve(string bind) =>
        bind.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(bind, out var address) ? address
        : Dns.GetHostAddresses(bind).FirstOrDefault() ?? throw new ArgumentException($"Cannot resolve the web UI's bind address '{bind}'.", nameof(bind));
}

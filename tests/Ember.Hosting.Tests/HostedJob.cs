using Ember.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Hosting.Tests;

/// <summary>
/// A generic host running one Ember job on a fake clock (batch k at <see cref="Batch"/>(k), one second apart), with
/// a checkpoint directory under a temp folder deleted on dispose, and the health check registered.
/// </summary>
internal sealed class HostedJob : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly string root = Path.Combine(Path.GetTempPath(), $"ember-hosting-{Guid.NewGuid():N}");

    public HostedJob(Action<StreamingContext> define, IDictionary<string, string?>? configuration = null, Action<EmberStreamingHealthCheckOptions>? health = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ember:Master"] = "local[2]",
            ["Ember:Streaming:BatchInterval"] = "1s",
            ["Ember:Streaming:CheckpointDirectory"] = CheckpointDirectory,
            ["Ember:Streaming:GracefulStopTimeout"] = "30s",
        });
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddEmberStreaming((context, _) =>
        {
            context.AddStreamingListener(Events);
            define(context);
        });
        builder.Services.AddHealthChecks().AddEmberStreamingHealthCheck(configure: health);
        Host = builder.Build();
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public BatchEvents Events { get; } = new();

    public IHost Host { get; }

    public string CheckpointDirectory => Path.Combine(root, "checkpoint");

    public StreamingContext Context => Host.Services.GetRequiredService<StreamingHostedService>().Context!;

    public static Time Batch(int k) => Time.From(Start) + Interval * k;

    /// <summary>Advances the clock one interval: the next batch is generated.</summary>
    public void Tick() => Clock.Advance(Interval);

    public async Task<HealthReportEntry> HealthAsync()
    {
        var report = await Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["ember-streaming"];
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(BatchEvents.SafetyNet);
        await Host.StopAsync(timeout.Token);
        Host.Dispose();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

using Ember.Configuration;
using Ember.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ember.Hosting;

/// <summary>
/// Runs an Ember streaming job on the .NET generic host:
/// <code>
/// var builder = Host.CreateApplicationBuilder(args);
/// builder.Services.AddEmberStreaming((context, services) =>
///     context.SocketTextStream("localhost", 9999).FlatMap(line => line.Split(' ')).Map(word => (word, 1)).ReduceByKey((a, b) => a + b).Print());
/// await builder.Build().RunAsync();
/// </code>
/// </summary>
/// <remarks>
/// <para>The context is built from dependency injection and configuration: the host's <see cref="ILoggerFactory"/>,
/// the <see cref="TimeProvider"/> registered (if any), and <see cref="EmberStreamingOptions"/> bound from the
/// <c>Ember</c> section and Spark's keys, then adjusted by <c>configure</c>.</para>
/// <para>Lifetime: the job starts with the host, and stops gracefully (last batches complete, last checkpoint
/// written) when the host stops: SIGTERM, Ctrl+C, a systemd or Windows service stop, or
/// <see cref="IHostApplicationLifetime.StopApplication"/>, bounded by <c>HostOptions.ShutdownTimeout</c> (raise it
/// above a batch's processing time). When the job fails, the failure is logged, <see cref="Environment.ExitCode"/> is
/// set to 1 and the application is stopped: the process exits non-zero as long as <c>Main</c> returns nothing (or
/// returns <see cref="Environment.ExitCode"/>). Nothing here ends the process itself.</para>
/// <para>One job per host: the process runs one <see cref="StreamingContext"/> at a time (Spark's rule).</para>
/// </remarks>
public static class EmberStreamingServiceCollectionExtensions
{
    /// <summary>
    /// Runs the job <typeparamref name="TJob"/> (a singleton resolved from dependency injection, so its constructor
    /// takes services) as a hosted service; see the class remarks for what the host does.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Adjusts the options after they are bound from configuration.</param>
    public static IServiceCollection AddEmberStreaming<TJob>(this IServiceCollection services, Action<EmberStreamingOptions>? configure = null)
        where TJob : class, IStreamingJob
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IStreamingJob, TJob>();
        return AddCore(services, configure);
    }

    /// <summary>
    /// Runs the job <paramref name="defineJob"/> defines (streams and outputs on the context, with the host's services
    /// at hand) as a hosted service; see the class remarks for what the host does.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="defineJob">Defines the graph on a context that is not started yet; runs once per process start.</param>
    /// <param name="configure">Adjusts the options after they are bound from configuration.</param>
    public static IServiceCollection AddEmberStreaming(
        this IServiceCollection services, Action<StreamingContext, IServiceProvider> defineJob, Action<EmberStreamingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(defineJob);
        services.AddSingleton<IStreamingJob>(provider => new DelegateStreamingJob(defineJob, provider));
        return AddCore(services, configure);
    }

    /// <summary>
    /// Adds the health check of the hosted job (named <paramref name="name"/>): Unhealthy when the job failed or
    /// stopped before the host asked it to; <see cref="EmberStreamingHealthCheckOptions.BehindStatus"/> (Degraded by
    /// default) when batches fall behind (the scheduling delay above
    /// <see cref="EmberStreamingHealthCheckOptions.MaxSchedulingDelay"/>, or more than
    /// <see cref="EmberStreamingHealthCheckOptions.MaxQueuedBatches"/> batches waiting); Degraded before it starts;
    /// Healthy otherwise. Its data: <c>state</c>, <c>completedBatches</c>, <c>queuedBatches</c>,
    /// <c>schedulingDelay</c>, and of the last completed batch <c>lastBatchTime</c>, <c>lastSchedulingDelay</c>,
    /// <c>lastProcessingDelay</c>, <c>lastTotalDelay</c>. Needs <c>AddEmberStreaming</c>.
    /// </summary>
    public static IHealthChecksBuilder AddEmberStreamingHealthCheck(
        this IHealthChecksBuilder builder, string name = "ember-streaming", Action<EmberStreamingHealthCheckOptions>? configure = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.TryAddSingleton<StreamingJobMonitor>();
        builder.Services.AddOptions<EmberStreamingHealthCheckOptions>(name).Configure(options => configure?.Invoke(options));
        return builder.Add(new HealthCheckRegistration(name,
            provider => ActivatorUtilities.CreateInstance<StreamingHealthCheck>(provider), failureStatus: HealthStatus.Unhealthy, tags));
    }

    private static IServiceCollection AddCore(IServiceCollection services, Action<EmberStreamingOptions>? configure)
    {
        services.TryAddSingleton<StreamingJobMonitor>();
        services.AddOptions<EmberStreamingOptions>()
            .Configure<IServiceProvider>((options, provider) => BindConfiguration(options, provider))
            .Configure(options => configure?.Invoke(options));
        services.AddSingleton<StreamingHostedService>();
        services.AddHostedService(provider => provider.GetRequiredService<StreamingHostedService>());
        return services;
    }

    private static void BindConfiguration(EmberStreamingOptions options, IServiceProvider provider)
    {
        if (provider.GetService<IConfiguration>() is not { } configuration)
        {
            return;
        }
        options.Ember = configuration.GetEmberOptions(provider.GetService<ILoggerFactory>());
        options.Streaming = configuration.GetStreamingOptions();
        options.BatchInterval = configuration.GetBatchInterval();
        options.CheckpointDirectory = configuration.GetCheckpointDirectory();
    }

    private sealed class DelegateStreamingJob(Action<StreamingContext, IServiceProvider> define, IServiceProvider services) : IStreamingJob
    {
        public void Define(StreamingContext context) => define(context, services);
    }
}

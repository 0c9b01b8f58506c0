using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ember.Hosting;

/// <summary>
/// The hosted job's health: Unhealthy when it failed or stopped before the host asked, the configured status
/// (Degraded by default) when batches fall behind, Degraded before it starts, Healthy otherwise; with the delays and
/// the last batch in the data.
/// </summary>
internal sealed class StreamingHealthCheck(StreamingJobMonitor monitor, IOptionsMonitor<EmberStreamingHealthCheckOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Get(context.Registration.Name);
        var job = monitor.Snapshot();
        var data = new Dictionary<string, object>
        {
            ["state"] = job.State.ToString(),
            ["completedBatches"] = job.CompletedBatches,
            ["queuedBatches"] = job.QueuedBatches,
            ["schedulingDelay"] = job.SchedulingDelay,
        };
        if (job.LastCompleted is { } last)
        {
            data["lastBatchTime"] = last.BatchTime.ToDateTimeOffset();
            data["lastSchedulingDelay"] = last.SchedulingDelay ?? TimeSpan.Zero;
            data["lastProcessingDelay"] = last.ProcessingDelay ?? TimeSpan.Zero;
            data["lastTotalDelay"] = last.TotalDelay ?? TimeSpan.Zero;
        }
        var maxDelay = settings.MaxSchedulingDelay ?? job.BatchInterval * 2;
        var result = job.State switch
        {
            StreamingJobState.Failed => new HealthCheckResult(HealthStatus.Unhealthy, $"The streaming job failed: {job.Failure?.Message}", job.Failure, data),
            StreamingJobState.StoppedUnexpectedly => new HealthCheckResult(HealthStatus.Unhealthy, "The streaming job stopped before the host asked it to.", data: data),
            StreamingJobState.NotStarted => new HealthCheckResult(HealthStatus.Degraded, "The streaming job has not started yet.", data: data),
            StreamingJobState.Stopped => HealthCheckResult.Healthy("The host stopped the streaming job.", data),
            _ when job.SchedulingDelay > maxDelay || job.QueuedBatches > settings.MaxQueuedBatches => new HealthCheckResult(settings.BehindStatus,
                $"The streaming job is behind: {job.QueuedBatches} batches waiting, scheduling delay {job.SchedulingDelay} (at most {maxDelay} and {settings.MaxQueuedBatches} batches).",
                data: data),
            _ => HealthCheckResult.Healthy($"The streaming job is running: {job.CompletedBatches} batches completed.", data),
        };
        return Task.FromResult(result);
    }
}

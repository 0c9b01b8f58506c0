using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ember.Hosting;

/// <summary>When the streaming health check calls the job behind.</summary>
public sealed class EmberStreamingHealthCheckOptions
{
    /// <summary>
    /// The scheduling delay above which the job is behind: how long the oldest queued batch has waited to start, or
    /// how late the last batch started. Null (the default): 2 batch intervals.
    /// </summary>
    public TimeSpan? MaxSchedulingDelay { get; set; }

    /// <summary>
    /// The number of batches waiting to start above which the job is behind; 2 by default (one batch waiting while
    /// the previous one finishes is normal when processing takes about a batch interval).
    /// </summary>
    public int MaxQueuedBatches { get; set; } = 2;

    /// <summary>The status reported while the job is behind; <see cref="HealthStatus.Degraded"/> by default.</summary>
    public HealthStatus BehindStatus { get; set; } = HealthStatus.Degraded;
}

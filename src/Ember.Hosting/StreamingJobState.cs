namespace Ember.Hosting;

/// <summary>Where a hosted streaming job is in its life, as its health check reports it.</summary>
public enum StreamingJobState
{
    /// <summary>The host has not started the job yet.</summary>
    NotStarted,

    /// <summary>Batches are being generated and run.</summary>
    Running,

    /// <summary>The host stopped the job (application shutdown).</summary>
    Stopped,

    /// <summary>The job stopped before the host asked it to (its own code stopped the context).</summary>
    StoppedUnexpectedly,

    /// <summary>A batch or the batch generation failed; the host is asked to stop with a non-zero exit code.</summary>
    Failed,
}

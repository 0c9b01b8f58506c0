using Ember.Streaming;

namespace Ember.Hosting;

/// <summary>
/// How the host builds the job's <see cref="StreamingContext"/>. <c>AddEmberStreaming</c> binds it from the
/// application's configuration first (<c>Ember</c>, <c>Ember:Streaming</c> and Spark's keys: see
/// <c>EmberConfiguration.GetEmberOptions</c> and <see cref="StreamingConfiguration"/>), then runs the caller's
/// <c>configure</c>, so code overrides configuration.
/// </summary>
public sealed class EmberStreamingOptions
{
    /// <summary>The engine's settings (<c>Ember:Master</c>, <c>spark.master</c>, ...). Its logger factory defaults to the host's.</summary>
    public EmberOptions Ember { get; set; } = new();

    /// <summary>
    /// The streaming settings (<c>Ember:Streaming:*</c>). Its clock defaults to the <see cref="TimeProvider"/>
    /// registered in dependency injection, if any. <see cref="StreamingOptions.StopGracefullyOnShutdown"/> is ignored:
    /// the host owns the process's signals and stops the job gracefully itself.
    /// </summary>
    public StreamingOptions Streaming { get; set; } = new();

    /// <summary>The batch interval (<c>Ember:Streaming:BatchInterval</c>, as <c>00:00:10</c> or <c>10s</c>). Required.</summary>
    public TimeSpan? BatchInterval { get; set; }

    /// <summary>
    /// Where the job keeps its checkpoints (<c>Ember:Streaming:CheckpointDirectory</c>). With one, the job recovers
    /// from it on start (<see cref="StreamingContext.GetOrCreate"/>) and a graceful stop writes the last checkpoint
    /// there; required by stateful operators.
    /// </summary>
    public string? CheckpointDirectory { get; set; }
}

using Ember.Streaming;

namespace Ember.Hosting;

/// <summary>
/// A streaming job run by the generic host (<see cref="EmberStreamingServiceCollectionExtensions.AddEmberStreaming{TJob}"/>):
/// it defines the graph (sources, transformations, outputs) on a context the host created, configured and will start
/// and stop. The job is resolved from dependency injection, so its constructor takes what it needs (options, clients,
/// repositories), as any hosted service does.
/// </summary>
public interface IStreamingJob
{
    /// <summary>
    /// Defines the job's streams and at least one output operation on <paramref name="context"/>; does not start it.
    /// Runs once per process start, also when the job recovers from its checkpoint: Ember rebuilds the graph from code
    /// and restores state and source positions by each stream's id (name stateful operators with <c>WithName</c>).
    /// </summary>
    void Define(StreamingContext context);
}

using Ember.Configuration;
using Microsoft.Extensions.Configuration;

namespace Ember.Streaming;

/// <summary>
/// Binds the <c>Ember:Streaming</c> section of <c>IConfiguration</c>: the batch interval, the checkpoint directory and
/// the <see cref="StreamingOptions"/>, each also under its Spark key where Spark has one (<see cref="SparkKeys.Supported"/>).
/// </summary>
/// <remarks>
/// Keys: <c>BatchInterval</c>, <c>CheckpointDirectory</c>, and one per <see cref="StreamingOptions"/> property with
/// its name (<c>BlockInterval</c>, <c>ConcurrentJobs</c>, <c>GracefulStopTimeout</c>, <c>ReceiverRestartDelay</c>,
/// <c>ReceiverMaxRate</c>, <c>BackpressureEnabled</c>, <c>BackpressureInitialRate</c>, <c>BackpressureProportional</c>,
/// <c>BackpressureIntegral</c>, <c>BackpressureDerivative</c>, <c>BackpressureMinRate</c>,
/// <c>StopGracefullyOnShutdown</c>, <c>WriteAheadLog</c>). <see cref="StreamingOptions.TimeProvider"/> and
/// <see cref="StreamingOptions.Output"/> are objects, set in code. Each method throws an
/// <see cref="EmberConfigurationException"/> naming every unknown key of the section and every bad value.
/// </remarks>
public static class StreamingConfiguration
{
    private static readonly OptionsBinding<Section> Binding = new OptionsBinding<Section>($"{SparkKeys.EmberSection}:Streaming")
        .Add<TimeSpan>("BatchInterval", (section, interval) => section.BatchInterval = Positive(interval, "BatchInterval"))
        .Add<string>("CheckpointDirectory", (section, directory) => section.CheckpointDirectory = directory)
        .Add<TimeSpan>(nameof(StreamingOptions.BlockInterval), (section, interval) => section.Options.BlockInterval = Positive(interval, nameof(StreamingOptions.BlockInterval)))
        .Add<int>(nameof(StreamingOptions.ConcurrentJobs), (section, jobs) =>
            section.Options.ConcurrentJobs = jobs >= 1 ? jobs : throw new ArgumentOutOfRangeException(nameof(jobs), jobs, "at least 1 job at a time."))
        .Add<TimeSpan>(nameof(StreamingOptions.GracefulStopTimeout), (section, timeout) => section.Options.GracefulStopTimeout = Positive(timeout, nameof(StreamingOptions.GracefulStopTimeout)))
        .Add<TimeSpan>(nameof(StreamingOptions.ReceiverRestartDelay), (section, delay) => section.Options.ReceiverRestartDelay = delay)
        .Add<long>(nameof(StreamingOptions.ReceiverMaxRate), (section, rate) => section.Options.ReceiverMaxRate = rate > 0 ? rate : null)
        .Add<bool>(nameof(StreamingOptions.BackpressureEnabled), (section, enabled) => section.Options.BackpressureEnabled = enabled)
        .Add<long>(nameof(StreamingOptions.BackpressureInitialRate), (section, rate) => section.Options.BackpressureInitialRate = rate)
        .Add<double>(nameof(StreamingOptions.BackpressureProportional), (section, gain) => section.Options.BackpressureProportional = gain)
        .Add<double>(nameof(StreamingOptions.BackpressureIntegral), (section, gain) => section.Options.BackpressureIntegral = gain)
        .Add<double>(nameof(StreamingOptions.BackpressureDerivative), (section, gain) => section.Options.BackpressureDerivative = gain)
        .Add<double>(nameof(StreamingOptions.BackpressureMinRate), (section, rate) => section.Options.BackpressureMinRate = rate)
        .Add<bool>(nameof(StreamingOptions.StopGracefullyOnShutdown), (section, graceful) => section.Options.StopGracefullyOnShutdown = graceful)
        .Add<bool>(nameof(StreamingOptions.WriteAheadLog), (section, enabled) => section.Options.WriteAheadLog = enabled);

    /// <summary>
    /// The <see cref="StreamingOptions"/> that <paramref name="configuration"/> (the application's root configuration)
    /// describes, starting from the defaults. A receiver max rate of 0 (Spark's "unlimited") is no limit.
    /// </summary>
    public static StreamingOptions GetStreamingOptions(this IConfiguration configuration) => Bind(configuration).Options;

    /// <summary><c>Ember:Streaming:BatchInterval</c> (<c>00:00:10</c> or <c>10s</c>), or null when not set. Spark has no key for it: it is code there.</summary>
    public static TimeSpan? GetBatchInterval(this IConfiguration configuration) => Bind(configuration).BatchInterval;

    /// <summary><c>Ember:Streaming:CheckpointDirectory</c>, or null when not set: where a recoverable job keeps its checkpoints.</summary>
    public static string? GetCheckpointDirectory(this IConfiguration configuration) => Bind(configuration).CheckpointDirectory;

    private static Section Bind(IConfiguration configuration) => Binding.Bind(configuration, new Section());

    private static TimeSpan Positive(TimeSpan duration, string name)
    {
        Durations.ToMilliseconds(duration, name);
        return duration;
    }

    private sealed class Section
    {
        public StreamingOptions Options { get; } = new();

        public TimeSpan? BatchInterval { get; set; }

        public string? CheckpointDirectory { get; set; }
    }
}

using System.Diagnostics.Metrics;

namespace Ember.Examples;

/// <summary>
/// The job's own metrics, beside the engine's "Ember.Streaming" meter: any <c>System.Diagnostics.Metrics</c>
/// listener (OpenTelemetry, <c>dotnet-counters monitor Ember.Examples.RealTimeAnalytics</c>, the web UI's /metrics) sees them.
/// </summary>
internal static class RealTimeAnalyticsMetrics
{
    public const string MeterName = "Ember.Examples.RealTimeAnalytics";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Messages that were not <c>"&lt;sourceId&gt; &lt;value&gt;"</c>, skipped and counted.</summary>
    public static readonly Counter<long> MalformedMessages = Meter.CreateCounter<long>(
        "realtimeanalytics.malformed_messages", unit: "{message}", description: "Messages skipped because they were not two integers.");
}

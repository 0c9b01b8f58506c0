using System.Diagnostics;

namespace Ember.Diagnostics;

/// <summary>
/// Ember's traces: one <see cref="ActivitySource"/> named <see cref="ActivitySourceName"/>, read by any OpenTelemetry
/// exporter (<c>AddSource("Ember")</c>) or <see cref="ActivityListener"/>; the engine itself depends on
/// <c>System.Diagnostics</c> only. Spans, their names and tags are listed in <see cref="EmberTracingTags"/>.
/// </summary>
/// <remarks>
/// <para>
/// A streaming batch is one trace: an <c>ember.batch</c> root span, an <c>ember.output</c> child per output operation,
/// and under each output the <c>ember.job</c> spans of the actions it ran, each with its <c>ember.stage</c> children. A
/// job run outside a streaming output (an action called by the program itself) is a root, or the child of whatever
/// <see cref="Activity.Current"/> the caller had (an incoming request's span, say).
/// </para>
/// <para>
/// Costs nothing when nobody listens: without a listener for the source no span is created, and tags are computed only
/// for spans a listener samples. Tasks have no spans, and in cluster mode (<c>local-cluster</c>, <c>ember://</c>) the
/// context is not sent to executors: the spans are the driver's (batch, output, job, stage), which is where Ember
/// decides and waits.
/// </para>
/// </remarks>
public static class EmberTracing
{
    /// <summary>The name of Ember's <see cref="ActivitySource"/>: <c>Ember</c>.</summary>
    public const string ActivitySourceName = "Ember";

    /// <summary>The one source of every Ember span; its version is the engine's assembly version.</summary>
    internal static readonly ActivitySource Source =
        new(ActivitySourceName, typeof(EmberTracing).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts a span named <paramref name="name"/> as a child of <see cref="Activity.Current"/> (which it becomes), or
    /// null when no listener wants it; callers check for null before they build a tag.
    /// </summary>
    internal static Activity? Start(string name) =>
        Source.HasListeners() ? Source.StartActivity(name, ActivityKind.Internal) : null;

    /// <summary>
    /// For an exception filter: marks <paramref name="activity"/> (when there is one) failed with <paramref name="error"/>
    /// and returns false, so the exception passes on unhandled with its stack as it was.
    /// </summary>
    internal static bool Failed(Activity? activity, Exception error)
    {
        if (activity is not null)
        {
            Fail(activity, error);
        }
        return false;
    }

    /// <summary>
    /// Marks <paramref name="activity"/> failed with <paramref name="error"/>, as OpenTelemetry's conventions ask: status
    /// Error with the message, an <c>error.type</c> tag with the exception's type, and an <c>exception</c> event.
    /// </summary>
    internal static void Fail(Activity activity, Exception error)
    {
        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(EmberTracingTags.ErrorType, error.GetType().FullName);
            activity.AddException(error);
        }
    }
}

using Ember.Streaming.Listener;

namespace Ember.Examples;

/// <summary>
/// Prints what a source reports (a topic not created yet, brokers out of reach) on standard error, with the job's
/// other notices: the examples have no logger, and a job waiting in silence looks like a job that hangs.
/// </summary>
internal sealed class SourceErrorPrinter : IStreamingListener
{
    public void OnInputSourceError(InputSourceErrorInfo error) =>
        Console.Error.WriteLine($"{error.Time.ToLocalTime():HH:mm:ss} {error.Name}: {error.Message}");
}

using Ember.Streaming.Listener;
using Ember.Streaming.Sources;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming;

public sealed partial class StreamingContext
{
    /// <summary>
    /// A problem a source reported, on the driver itself or from a task (through the task's channel to the driver,
    /// so no RDD holds a reference to the context): logged as a warning naming the stream, and posted to listeners.
    /// </summary>
    internal void ReportSourceProblem(SourceProblem problem)
    {
        var stream = Graph.Inputs.FirstOrDefault(input => input.Stream.Id == problem.StreamId)?.Stream;
        if (stream is null)
        {
            return;
        }
        Logger.LogWarning("{Stream}: {Message}", stream, problem.Message);
        var info = new InputSourceErrorInfo(stream.Id, stream.Name ?? stream.ToString(), problem.Message, TimeProvider.GetUtcNow(), problem.Attempt);
        PostToListeners(listener => listener.OnInputSourceError(info));
    }

    private void OnTaskMessage(object message)
    {
        if (message is SourceProblem problem)
        {
            ReportSourceProblem(problem);
        }
        else if (message is Receivers.IReceiverReport report
            && Graph.Inputs.FirstOrDefault(input => input.Stream.Id == report.StreamId)?.Stream is Receivers.IReceiverStream stream)
        {
            stream.OnReceiverReport(report);
        }
    }
}

using Ember.Streaming.Listener;

namespace Ember.Streaming.Tests.Context;

/// <summary>Records every streaming event, in delivery order, as a short line and with its payload.</summary>
internal sealed class RecordingListener : IStreamingListener
{
    private readonly Lock gate = new();
    private readonly List<(string Line, object Payload)> events = [];

    /// <summary>The events so far, e.g. <c>"BatchStarted 1000"</c> or <c>"OutputOperationCompleted 1000 0"</c>.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (gate)
            {
                return [.. events.Select(e => e.Line)];
            }
        }
    }

    public IReadOnlyList<BatchInfo> Submitted => Payloads<BatchInfo>("BatchSubmitted");

    public IReadOnlyList<BatchInfo> Started => Payloads<BatchInfo>("BatchStarted");

    public IReadOnlyList<BatchInfo> Completed => Payloads<BatchInfo>("BatchCompleted");

    public IReadOnlyList<OutputOperationInfo> OperationsStarted => Payloads<OutputOperationInfo>("OutputOperationStarted");

    public IReadOnlyList<OutputOperationInfo> OperationsCompleted => Payloads<OutputOperationInfo>("OutputOperationCompleted");

    public IReadOnlyList<Time> StreamingStarted => Payloads<Time>("StreamingStarted");

    public void OnStreamingStarted(Time time) => Add($"StreamingStarted {time.Milliseconds}", time);

    public void OnBatchSubmitted(BatchInfo batch) => Add($"BatchSubmitted {batch.BatchTime.Milliseconds}", batch);

    public void OnBatchStarted(BatchInfo batch) => Add($"BatchStarted {batch.BatchTime.Milliseconds}", batch);

    public void OnBatchCompleted(BatchInfo batch) => Add($"BatchCompleted {batch.BatchTime.Milliseconds}", batch);

    public void OnOutputOperationStarted(OutputOperationInfo operation) =>
        Add($"OutputOperationStarted {operation.BatchTime.Milliseconds} {operation.Id}", operation);

    public void OnOutputOperationCompleted(OutputOperationInfo operation) =>
        Add($"OutputOperationCompleted {operation.BatchTime.Milliseconds} {operation.Id}", operation);

    private void Add(string line, object payload)
    {
        lock (gate)
        {
            events.Add((line, payload));
        }
    }

    private IReadOnlyList<T> Payloads<T>(string kind)
    {
        lock (gate)
        {
            return [.. events.Where(e => e.Line.Split(' ')[0] == kind).Select(e => (T)e.Payload)];
        }
    }
}

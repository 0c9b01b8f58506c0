using Ember.Streaming;
using Ember.Streaming.Listener;

namespace Ember.UI.Progress;

/// <summary>
/// What the UI knows of one batch (Spark's BatchUIData): the engine's <see cref="BatchInfo"/> and its output operations
/// as their own events reported them, since a running batch's info lists none yet. Immutable: events replace it.
/// </summary>
internal sealed record BatchSnapshot(BatchInfo Info, BatchStatus Status, IReadOnlyDictionary<int, OutputOperationInfo> Operations)
{
    public Time BatchTime => Info.BatchTime;

    public int Succeeded => Operations.Values.Count(operation => operation.EndTime is not null && operation.FailureReason is null);

    public int Failed => Operations.Values.Count(operation => operation.FailureReason is not null);

    public int Running => Operations.Values.Count(operation => operation.EndTime is null);

    public string? FirstFailureReason => Operations.Values.OrderBy(operation => operation.Id).Select(operation => operation.FailureReason).FirstOrDefault(reason => reason is not null);

    /// <summary>Records of one input stream in this batch, zero when it gave none.</summary>
    public long RecordsOf(int streamId) => Info.StreamIdToInputInfo.TryGetValue(streamId, out var input) ? input.NumRecords : 0;

    public BatchSnapshot WithOperation(OutputOperationInfo operation)
    {
        var operations = new Dictionary<int, OutputOperationInfo>(Operations) { [operation.Id] = operation };
        return this with { Operations = operations };
    }
}

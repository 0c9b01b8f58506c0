namespace Ember.UI.Progress;

/// <summary>
/// One input stream as the UI shows it under the input rate: a receiver's state and location when it has one, and the
/// last error of the receiver or of a receiver-less source (a Kafka direct stream that cannot reach its brokers).
/// <see cref="Failing"/> stays true until the source gives a batch again.
/// </summary>
internal sealed record SourceSnapshot(
    int StreamId,
    string Name,
    bool IsReceiver,
    bool Active,
    bool Failing,
    string? Location,
    string? LastErrorMessage,
    string? LastError,
    DateTimeOffset? LastErrorTime)
{
    public static SourceSnapshot Unnamed(int streamId) => new(streamId, $"Input stream {streamId}", false, true, false, null, null, null, null);

    /// <summary>"ACTIVE", "INACTIVE" or "ERROR".</summary>
    public string Status => !Active ? "INACTIVE" : Failing ? "ERROR" : "ACTIVE";
}

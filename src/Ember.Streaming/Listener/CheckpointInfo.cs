namespace Ember.Streaming.Listener;

/// <summary>
/// A checkpoint wrote the state of the stateful operators as of batch <see cref="BatchTime"/>, finishing at
/// <see cref="WrittenAt"/>. Only checkpoints that snapshot state are reported (one every checkpoint interval).
/// </summary>
public sealed record CheckpointInfo(Time BatchTime, DateTimeOffset WrittenAt, IReadOnlyList<StateOperatorInfo> Operators)
{
    /// <summary>Bytes of state written for every operator together.</summary>
    public long TotalBytes => Operators.Sum(state => state.Bytes);
}

/// <summary>
/// The state of one stateful operator in a checkpoint: its stable checkpoint id, the operation and types it was written
/// with, how many keys it held and how many bytes its snapshot takes.
/// </summary>
public sealed record StateOperatorInfo(string Id, string Signature, long Keys, long Bytes);

/// <summary>
/// A checkpoint write that failed: of the batch <see cref="BatchTime"/>, at <see cref="FailedAt"/>, into
/// <see cref="Directory"/>. <see cref="What"/> names the part that failed (<c>manifest</c>, <c>state snapshot</c>, or
/// <c>state of the failed batch</c>); <see cref="ConsecutiveFailures"/> counts failed writes since the last success.
/// </summary>
public sealed record CheckpointFailureInfo(Time BatchTime, DateTimeOffset FailedAt, string Directory, string What, string Message, int ConsecutiveFailures);

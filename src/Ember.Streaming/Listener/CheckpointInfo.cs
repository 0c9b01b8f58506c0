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

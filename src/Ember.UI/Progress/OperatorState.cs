using Ember.Streaming;
using Ember.Streaming.Listener;

namespace Ember.UI.Progress;

/// <summary>A stateful operator's state as of its latest checkpoint: keys held and bytes, and when that checkpoint was written.</summary>
internal sealed record OperatorState(StateOperatorInfo State, Time CheckpointBatchTime, DateTimeOffset CheckpointWrittenAt);

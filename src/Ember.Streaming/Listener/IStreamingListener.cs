namespace Ember.Streaming.Listener;

/// <summary>
/// Receives the streaming engine's events, in order, on the listener bus's own thread (never on the job's): a slow
/// listener delays other listeners, not batches. Every method has an empty default, so implement only what you need.
/// The web UI and the metrics are built on these events alone.
/// </summary>
public interface IStreamingListener
{
    /// <summary>The context started; <paramref name="time"/> is the first batch's time.</summary>
    void OnStreamingStarted(Time time) { }

    /// <summary>A batch's jobs were generated and queued.</summary>
    void OnBatchSubmitted(BatchInfo batch) { }

    /// <summary>A batch's first job started.</summary>
    void OnBatchStarted(BatchInfo batch) { }

    /// <summary>A batch's jobs all ended (some may have failed: see its output operations).</summary>
    void OnBatchCompleted(BatchInfo batch) { }

    /// <summary>An output operation of a batch started.</summary>
    void OnOutputOperationStarted(OutputOperationInfo operation) { }

    /// <summary>An output operation of a batch ended, with its failure reason when it failed.</summary>
    void OnOutputOperationCompleted(OutputOperationInfo operation) { }

    /// <summary>A receiver started.</summary>
    void OnReceiverStarted(ReceiverInfo receiver) { }

    /// <summary>A receiver reported an error (it may keep running).</summary>
    void OnReceiverError(ReceiverInfo receiver) { }

    /// <summary>A receiver stopped.</summary>
    void OnReceiverStopped(ReceiverInfo receiver) { }

    /// <summary>
    /// An input stream without a receiver (a Kafka direct stream) could not reach its data, for instance because its
    /// brokers are down. The stream keeps retrying and the batch waits: no offset range is skipped.
    /// </summary>
    void OnInputSourceError(InputSourceErrorInfo error) { }

    /// <summary>
    /// A checkpoint saved the state of the stateful operators (keys held and bytes per operator). Written after the
    /// batch it describes completed, once every checkpoint interval.
    /// </summary>
    void OnCheckpointWritten(CheckpointInfo checkpoint) { }

    /// <summary>
    /// A checkpoint write failed (a full disk, missing permissions, a vanished mount). Processing goes on: the batch
    /// runs, what the write left behind is removed, the next checkpoint is tried again, and recovery uses the newest
    /// checkpoint that was written whole. Posted once per failed write, so <see cref="CheckpointFailureInfo.ConsecutiveFailures"/>
    /// tells a passing fault from a lasting one.
    /// </summary>
    void OnCheckpointFailed(CheckpointFailureInfo failure) { }
}

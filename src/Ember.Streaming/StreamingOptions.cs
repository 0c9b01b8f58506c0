namespace Ember.Streaming;

/// <summary>
/// Settings of a <see cref="StreamingContext"/>, with Spark's key names. Bound from <c>IConfiguration</c> by
/// <see cref="StreamingConfiguration.GetStreamingOptions"/> (the <c>Ember:Streaming</c> section, or Spark's keys).
/// </summary>
public sealed class StreamingOptions
{
    /// <summary>The clock batches are cut by. Default <see cref="System.TimeProvider.System"/>; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How often receivers cut what they stored into blocks, i.e. partitions (<c>spark.streaming.blockInterval</c>, 200 ms).</summary>
    public TimeSpan BlockInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How many batches may run at once (<c>spark.streaming.concurrentJobs</c>, 1). Above 1, batch order is not kept.</summary>
    public int ConcurrentJobs { get; set; } = 1;

    /// <summary>How long a graceful stop waits for generated batches (<c>spark.streaming.gracefulStopTimeout</c>; default 10 batch intervals).</summary>
    public TimeSpan? GracefulStopTimeout { get; set; }

    /// <summary>Delay before a receiver restarts after <c>Restart</c> (<c>spark.streaming.receiverRestartDelay</c>, 2 s).</summary>
    public TimeSpan ReceiverRestartDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The most records per second each receiver stores (<c>spark.streaming.receiver.maxRate</c>; unlimited when null);
    /// a stream's <c>ReceiverOptions.MaxRatePerSecond</c> overrides it.
    /// </summary>
    public long? ReceiverMaxRate { get; set; }

    /// <summary>
    /// Adapts each input stream's rate to what batches can process (<c>spark.streaming.backpressure.enabled</c>, false),
    /// with Spark's PID estimator: a receiver's rate never exceeds <see cref="ReceiverMaxRate"/>; a direct source
    /// (Kafka's, or any <see cref="Sources.DirectInputDStream{TAllocation, T}"/>) reads its
    /// <c>BackpressureRate</c> when it allocates a batch.
    /// </summary>
    public bool BackpressureEnabled { get; set; }

    /// <summary>
    /// With backpressure, the rate (records per second per input stream) used until the first estimate
    /// (<c>spark.streaming.backpressure.initialRate</c>); honoured from the very first record, so a backlog waiting at
    /// start never floods the first batch. Unset: no limit until the first estimate (bounded by <see cref="ReceiverMaxRate"/>).
    /// </summary>
    public long? BackpressureInitialRate { get; set; }

    /// <summary>The PID estimator's proportional gain (<c>spark.streaming.backpressure.pid.proportional</c>, 1.0).</summary>
    public double BackpressureProportional { get; set; } = 1.0;

    /// <summary>The PID estimator's integral gain (<c>spark.streaming.backpressure.pid.integral</c>, 0.2).</summary>
    public double BackpressureIntegral { get; set; } = 0.2;

    /// <summary>The PID estimator's derivative gain (<c>spark.streaming.backpressure.pid.derived</c>, 0.0).</summary>
    public double BackpressureDerivative { get; set; }

    /// <summary>The lowest rate the estimator proposes (<c>spark.streaming.backpressure.pid.minRate</c>, 100 records/s).</summary>
    public double BackpressureMinRate { get; set; } = 100;

    /// <summary>
    /// On SIGTERM or Ctrl+C, stop gracefully (finish generated batches, write a final checkpoint) instead of dying
    /// mid-batch (<c>spark.streaming.stopGracefullyOnShutdown</c>, false). The signal then no longer ends the process:
    /// <c>AwaitTerminationAsync</c> completes once the stop is done, and the host decides what follows (a program
    /// returns from <c>Main</c> with its exit code; a host embedding Ember goes on running). For programs without the
    /// generic host: under it (<c>Ember.Hosting</c>) this is ignored, since the host owns the signals and stops the job
    /// gracefully itself.
    /// </summary>
    public bool StopGracefullyOnShutdown { get; set; }

    /// <summary>
    /// Writes every block a receiver stream receives to a write-ahead log under the checkpoint directory
    /// (<c>&lt;checkpoint&gt;/receivedData/&lt;stream id&gt;/</c>) before it counts as stored, replays the logged blocks
    /// no batch processed after a crash, and deletes them once no checkpoint needs them
    /// (<c>spark.streaming.receiver.writeAheadLog.enable</c>, false). Requires a checkpoint directory (<c>Start</c>
    /// throws without one). With it, reliable receivers (those that acknowledge their source only after
    /// <c>Store(items)</c> or <c>Store(items, metadata)</c> returns) lose nothing; see <c>Receiver&lt;T&gt;</c>.
    /// </summary>
    public bool WriteAheadLog { get; set; }

    /// <summary>Where <c>Print</c> writes. Default: the console.</summary>
    public TextWriter? Output { get; set; }
}

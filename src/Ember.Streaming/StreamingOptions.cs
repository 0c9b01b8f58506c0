namespace Ember.Streaming;

/// <summary>Settings of a <see cref="StreamingContext"/>, with Spark's key names. Bindable from <c>IConfiguration</c>.</summary>
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

    /// <summary>Where <c>Print</c> writes. Default: the console.</summary>
    public TextWriter? Output { get; set; }
}

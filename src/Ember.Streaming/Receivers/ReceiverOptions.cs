namespace Ember.Streaming.Receivers;

/// <summary>Settings of one receiver stream (<c>ReceiverStream</c>, <c>SocketTextStream</c>, <c>SocketStream</c>).</summary>
public sealed class ReceiverOptions
{
    /// <summary>
    /// At most this many records per second are stored (Spark's <c>spark.streaming.receiver.maxRate</c>); null (the
    /// default) for no limit. <c>Store</c> blocks the receiver's thread, on the context's clock, until the record's
    /// turn; the limit holds from the first record, with no initial burst. Must be positive when set. With
    /// <see cref="StreamingOptions.BackpressureEnabled"/>, it also bounds the initial rate and every estimate.
    /// </summary>
    public long? MaxRatePerSecond { get; set; }

    internal void Validate()
    {
        if (MaxRatePerSecond is { } rate && rate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRatePerSecond), rate, "The receiver's maximum rate must be positive (leave it null for no limit).");
        }
    }
}

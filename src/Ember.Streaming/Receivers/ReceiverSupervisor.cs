namespace Ember.Streaming.Receivers;

/// <summary>
/// Runs one receiver for its input stream (Spark's ReceiverSupervisor): what a <see cref="Receiver{T}"/> calls lands
/// here. Stored records pass the rate limit, then go to the stream's <see cref="ReceivedBlocks{T}"/>; starting,
/// restarting and stopping are the <see cref="ReceiverLifecycle"/>'s; what the log and listeners hear is the
/// <see cref="ReceiverReporter"/>'s.
/// </summary>
internal sealed class ReceiverSupervisor<T>
{
    private readonly ReceiverHost host;
    private readonly ReceivedBlocks<T> blocks;
    private readonly ReceiverReporter reporter;
    private readonly ReceiverLifecycle lifecycle;
    private readonly RateLimiter? limiter;
    private readonly bool pacedStart;

    /// <param name="receiver">The receiver to run.</param>
    /// <param name="host">Where it runs: the driver's process or an executor's.</param>
    /// <param name="options">The stream's options, the context-wide maximum rate already applied.</param>
    /// <param name="backpressure">
    /// True when a rate controller will set the rate: the limiter then always exists, starts at the lower of the
    /// maximum and the initial rate (no limit when neither is set), and paces from the receiver's start, so that a
    /// backlog waiting at start never puts more than that rate × the batch interval into the first batch.
    /// </param>
    /// <param name="forward">
    /// On an executor, where each stored block goes at once (to be reported to the driver), in the order stored; null
    /// in the driver's process, where blocks wait in <see cref="Blocks"/> for a batch.
    /// </param>
    public ReceiverSupervisor(Receiver<T> receiver, ReceiverHost host, ReceiverOptions options, bool backpressure = false, Action<Block<T>>? forward = null)
    {
        this.host = host;
        reporter = new ReceiverReporter(host);
        blocks = new ReceivedBlocks<T>(host.Clock, host.BlockInterval, ReportError, forward);
        // Once the receiver stopped for good, the records it stored last are cut into a block.
        lifecycle = new ReceiverLifecycle(receiver.InvokeStart, receiver.InvokeStop, blocks.Stop, reporter, host.Clock);
        if (backpressure)
        {
            limiter = new RateLimiter(host.Clock, Lower(options.MaxRatePerSecond, host.BackpressureInitialRate));
            pacedStart = true;
        }
        else
        {
            limiter = options.MaxRatePerSecond is { } rate ? new RateLimiter(host.Clock, rate) : null;
        }
        receiver.Attach(this, again: forward is not null);
    }

    public int StreamId => reporter.StreamId;

    public TimeProvider Clock => host.Clock;

    public ReceivedBlocks<T> Blocks => blocks;

    /// <summary>The metadata of the last block stored with some, possibly restored from the write-ahead log.</summary>
    public StoredMetadata? LastMetadata => blocks.LastMetadata;

    /// <summary>The serializer logged metadata is read back with.</summary>
    public Ember.Serialization.ISerializer Serializer => host.Serializer;

    /// <summary>The limiter <c>Store</c> waits on; null when the stream has neither a maximum rate nor backpressure.</summary>
    public RateLimiter? Limiter => limiter;

    public bool IsStarted => lifecycle.IsStarted;

    public bool IsStopped => lifecycle.IsStopped;

    public CancellationToken StoppingToken => lifecycle.StoppingToken;

    /// <summary>Starts the block generator, then the receiver; called by the context's <c>Start</c>, so it must not block.</summary>
    public void Start() => lifecycle.Start(() =>
    {
        blocks.Start();
        if (pacedStart)
        {
            limiter?.Pace();
        }
    });

    /// <summary>
    /// Stops the receiver for good and cuts the last block: once this completes, every record stored is in a block
    /// waiting for a batch (the context's graceful stop relies on it).
    /// </summary>
    public Task StopAsync(string message = "Stopped by the streaming context") => lifecycle.StopAsync(message);

    public void Store(T item)
    {
        limiter?.Acquire(1, StoppingToken);
        if (!blocks.TryAdd(item))
        {
            reporter.Dropped(1);
        }
    }

    public void Store(IEnumerable<T> items, object? metadata)
    {
        T[] records = [.. items];
        if (records.Length == 0)
        {
            return;
        }
        limiter?.Acquire(records.Length, StoppingToken);
        if (!blocks.TryAddBlock(records, metadata))
        {
            reporter.Dropped(records.Length);
        }
    }

    public void Restart(string message, Exception? error, TimeSpan? delay) =>
        lifecycle.Restart(message, error, delay ?? host.RestartDelay);

    public void ReportError(string message, Exception? error) => lifecycle.ReportError(message, error);

    public void Stop(string message, Exception? error) => lifecycle.Stop(message, error);

    private static long? Lower(long? left, long? right) =>
        left is { } a && right is { } b ? Math.Min(a, b) : left ?? right;
}

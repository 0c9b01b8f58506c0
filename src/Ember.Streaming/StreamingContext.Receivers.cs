using Ember.Streaming.Listener;
using Ember.Streaming.RateControl;
using Ember.Streaming.Receivers;

namespace Ember.Streaming;

public sealed partial class StreamingContext
{
    /// <summary>
    /// A stream fed by a custom <paramref name="receiver"/> (Spark's <c>receiverStream</c>). The context starts the
    /// receiver when it starts and stops it when it stops; what the receiver stores is cut into blocks every
    /// <see cref="StreamingOptions.BlockInterval"/>, and each batch holds the blocks cut since the previous batch, one
    /// partition per block (an empty batch when nothing was stored). Batches report their record counts to listeners;
    /// a graceful stop puts the records already stored into a last batch. Listeners get <c>OnReceiverStarted</c>,
    /// <c>OnReceiverError</c> and <c>OnReceiverStopped</c>. A receiver feeds one stream only.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Recovery: without <see cref="StreamingOptions.WriteAheadLog"/>, records received and not yet processed are lost
    /// on a crash. With it (a checkpoint directory is then required), every block is written, fsync'd, to
    /// <c>&lt;checkpoint&gt;/receivedData/&lt;stream id&gt;/</c> before it counts as stored, and the stream is a source
    /// of the checkpoint (its id: the name given with <c>WithName</c>, else <c>ReceiverStream#n</c>): after a crash,
    /// <see cref="GetOrCreate"/> gives every batch the checkpoint replays exactly the blocks it had, and the blocks
    /// logged but not yet in a batch go to the next one. A record stored with <c>Store(items)</c> or
    /// <c>Store(items, metadata)</c> that returned is thus processed exactly once (outputs as usual: idempotent per
    /// batch time); <c>Store(item)</c> is logged only when its block is cut. Log files are deleted once no kept
    /// checkpoint needs them. Delete the whole checkpoint directory, log included, to start afresh: a start without a
    /// checkpoint hands whatever the log still holds to the first batch.
    /// </para>
    /// <para>
    /// Rate: <c>Store</c> blocks the receiver's thread to keep at most <see cref="ReceiverOptions.MaxRatePerSecond"/>
    /// (default <see cref="StreamingOptions.ReceiverMaxRate"/>) records per second. With
    /// <see cref="StreamingOptions.BackpressureEnabled"/>, the stream also gets a rate controller on the
    /// listener bus with Spark's PID estimator, and the rate is the lowest of the maximum and
    /// <see cref="StreamingOptions.BackpressureInitialRate"/> until the first estimate (two batches with records and a
    /// measurable processing time), then of the maximum and the latest estimate. The initial rate holds from the
    /// receiver's start, so the first batch holds at most the initial rate × the batch interval records, however
    /// large the backlog waiting at start.
    /// </para>
    /// <para>
    /// On a cluster master (<c>local-cluster[N,C]</c>), the receiver runs on an executor, as a long-running task that
    /// holds one of its cores (Spark's receiver job): receivers are spread over the executors, one each where possible;
    /// the receiver object travels there in the task's data, so it must hold plain settings only (Spark's
    /// <c>Serializable</c>; no open connection, thread or context before <c>OnStart</c>). Its blocks stay on executors
    /// and the batches' tasks read them wherever they run. Without the log, each block is copied to a second executor
    /// before it counts as stored (Spark's <c>MEMORY_AND_DISK_SER_2</c>): losing one executor loses no block already
    /// stored. With the log, the executor appends the block to the log in the checkpoint directory (which every
    /// executor must reach, as a shared file system) before it counts as stored, and a task that finds no copy reads the
    /// log. When the receiver's executor is lost, the receiver starts again on another one (after the log's blocks the
    /// driver may lack are reported, and from the last logged metadata). Rates and backpressure reach it as messages.
    /// Stopping the context stops it and waits (at most 30 s) until its last blocks are reported.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A rate or a backpressure option of <see cref="Options"/> is out of range.</exception>
    /// <param name="receiver">The receiver; not yet given to another stream.</param>
    /// <exception cref="ArgumentException"><paramref name="receiver"/> already feeds a stream.</exception>
    /// <exception cref="InvalidOperationException">The context was started or stopped.</exception>
    /// <param name="options">The rate limit, if any.</param>
    public DStream<T> ReceiverStream<T>(Receiver<T> receiver, ReceiverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        return CreateReceiverStream(receiver, options, nameof(ReceiverStream));
    }

    /// <summary>
    /// A stream of the UTF-8 text lines a TCP server at <paramref name="host"/>:<paramref name="port"/> sends (Spark's
    /// <c>socketTextStream</c>): lines end at <c>'\n'</c>, a trailing <c>'\r'</c> is removed, and a last line without a
    /// newline is kept when the connection closes. A receiver stream (see <see cref="ReceiverStream{T}"/>): when the
    /// server cannot be reached or closes the connection, the receiver reports the error to listeners and connects again
    /// after a back-off on the context's clock (100 ms, doubling up to 5 s, reset by a successful connection), without
    /// losing the lines it already read.
    /// </summary>
    /// <param name="host">The server's host name or IP address.</param>
    /// <param name="port">The server's TCP port, 1 to 65535.</param>
    /// <param name="options">The rate limit, if any.</param>
    /// <exception cref="ArgumentException"><paramref name="host"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1..65535.</exception>
    public DStream<string> SocketTextStream(string host, int port, ReceiverOptions? options = null)
    {
        ValidateEndpoint(host, port);
        return CreateReceiverStream(new SocketReceiver<string>(host, port, SocketLines.Read), options, nameof(SocketTextStream));
    }

    /// <summary>
    /// A stream of the records <paramref name="converter"/> reads from a TCP connection to
    /// <paramref name="host"/>:<paramref name="port"/> (Spark's <c>socketStream</c>). The converter is called once per
    /// connection on the receiver's own thread, may block reading the stream, and should end its sequence when the
    /// stream ends; each record is stored as soon as it is yielded. Connection handling as in
    /// <see cref="SocketTextStream"/>: on an error or the end of the stream, the error is reported and the receiver
    /// connects again after a back-off, calling the converter on the new connection.
    /// </summary>
    /// <param name="host">The server's host name or IP address.</param>
    /// <param name="port">The server's TCP port, 1 to 65535.</param>
    /// <param name="converter">Turns one connection's bytes into records; called on the receiver's thread.</param>
    /// <param name="options">The rate limit, if any.</param>
    /// <exception cref="ArgumentException"><paramref name="host"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1..65535.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="converter"/> is null.</exception>
    public DStream<T> SocketStream<T>(string host, int port, Func<Stream, IEnumerable<T>> converter, ReceiverOptions? options = null)
    {
        ValidateEndpoint(host, port);
        ArgumentNullException.ThrowIfNull(converter);
        return CreateReceiverStream(new SocketReceiver<T>(host, port, converter), options, nameof(SocketStream));
    }

    /// <summary>Posts a receiver's event to the listeners (the supervisor's only way to the bus).</summary>
    internal void PostToListeners(Action<IStreamingListener> deliver) => bus.Post(deliver);

    private static void ValidateEndpoint(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, $"The port must be between 1 and 65535; got {port}.");
        }
    }

    private ReceiverInputDStream<T> CreateReceiverStream<T>(Receiver<T> receiver, ReceiverOptions? options, string operation)
    {
        EnsureBuildable(operation);
        // A copy, so the context-wide default never writes into the caller's options.
        options = new ReceiverOptions { MaxRatePerSecond = options?.MaxRatePerSecond ?? Options.ReceiverMaxRate };
        options.Validate();
        // Built (and so validated) before the stream registers with the graph, so that bad options leave no half-made stream.
        var estimator = PidRateEstimator.ForStream(this);
        if (receiver.IsAttached)
        {
            throw new ArgumentException($"{receiver.GetType().Name} already feeds a stream; create one receiver per stream.", nameof(receiver));
        }
        var stream = new ReceiverInputDStream<T>(this, receiver, options, estimator, operation);
        if (stream.RateController is { } controller)
        {
            AddStreamingListener(controller);
        }
        return stream;
    }
}

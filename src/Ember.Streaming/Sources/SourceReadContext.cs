namespace Ember.Streaming.Sources;

/// <summary>
/// What a <see cref="SourceReader{TAllocation, T}"/> knows while it reads one partition of a batch: which batch and
/// partition, the task's attempt and cancellation, and a way to report problems to the driver. Plain data plus the
/// task's own channel to the driver: nothing in it refers to the driver's objects.
/// </summary>
public sealed class SourceReadContext
{
    private readonly TaskContext task;
    private readonly int streamId;

    internal SourceReadContext(EmberContext ember, TaskContext task, int streamId, Time batchTime, int partition)
    {
        Ember = ember;
        this.task = task;
        this.streamId = streamId;
        BatchTime = batchTime;
        Partition = partition;
    }

    /// <summary>The engine of the process the task runs in (its block store holds received blocks).</summary>
    internal EmberContext Ember { get; }

    /// <summary>The time of the batch being read.</summary>
    public Time BatchTime { get; }

    /// <summary>The partition being read, from 0.</summary>
    public int Partition { get; }

    /// <summary>0 for the task's first attempt, then 1, 2, ... for retries.</summary>
    public int AttemptNumber => task.AttemptNumber;

    /// <summary>Signalled when the batch's job is cancelled (the context stops, or another task failed for good).</summary>
    public CancellationToken CancellationToken => task.CancellationToken;

    /// <summary>
    /// The object this process keeps under <paramref name="key"/> for the tasks of every source and batch (a pool of
    /// connections, cached consumers): made by <paramref name="create"/> the first time a task of this process asks,
    /// the same instance afterwards, disposed when the process's engine stops (the executor, or locally the context).
    /// Tasks use it concurrently, so it must be thread-safe; a task still holding part of it when the engine stops
    /// should be able to give it back after the dispose. Name keys after the source (<c>MySource.Connections</c>).
    /// </summary>
    /// <typeparam name="TResource">The resource's type; the same for every use of one key.</typeparam>
    /// <param name="key">What the resource is, in this process.</param>
    /// <param name="create">Makes the resource; called at most once per process and key.</param>
    /// <exception cref="InvalidOperationException">The key holds a resource of another type.</exception>
    public TResource ProcessResource<TResource>(string key, Func<TResource> create) where TResource : class, IDisposable
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(create);
        return ProcessResources.Of(Ember).GetOrCreate(key, create);
    }

    /// <summary>
    /// Reports a problem that does not fail the read (a stall while a server is away, records skipped by a policy):
    /// on the driver it is logged as a warning naming the stream, and listeners get it through
    /// <see cref="Listener.IStreamingListener.OnInputSourceError"/> (shown by the web UI).
    /// </summary>
    /// <param name="message">What happened, for people: name the data concerned (a partition, a file, an offset).</param>
    /// <param name="attempt">How many times this problem has been reported so far by this read (1, 2, ...), or 0 for a one-off.</param>
    public void ReportProblem(string message, int attempt = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        task.SendToDriver(new SourceProblem(streamId, message, attempt));
    }
}

/// <summary>A problem a task reported while reading a source, on its way to the driver (plain data).</summary>
internal sealed record SourceProblem(int StreamId, string Message, int Attempt);

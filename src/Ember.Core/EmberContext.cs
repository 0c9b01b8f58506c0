using Ember.Checkpointing;
using Ember.Dependencies;
using Ember.IO;
using Ember.Listener;
using Ember.Partitioning;
using Ember.Progress;
using Ember.Rdds;
using Ember.Scheduling;
using Ember.Serialization;
using Ember.Shuffle;
using Ember.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember;

/// <summary>
/// The entry point of the batch engine (Spark's SparkContext): creates RDDs and runs jobs on its workers.
/// Thread-safe: several threads may run jobs at once. Disposing it cancels running jobs and stops the workers; a
/// disposed context refuses new RDDs (every factory and transformation) and jobs with an
/// <see cref="ObjectDisposedException"/> naming it.
/// </summary>
public sealed partial class EmberContext : IDisposable, IAsyncDisposable
{
    private readonly ISchedulerBackend backend;
    private readonly DagScheduler scheduler;
    private readonly EngineParts engine;
    private readonly ContextCleaner cleaner = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly string localDirectory;
    private readonly ConsoleProgressBar? progressBar;
    private int nextRddId;
    private int nextShuffleId;
    private int disposed;

    /// <summary>
    /// Creates a context; the workers start at once. A bad <see cref="EmberOptions.Master"/> throws, quoting it. A
    /// cluster master (<c>local-cluster[N,C]</c>, <c>ember://host:port</c>) needs the Ember.Cluster package.
    /// </summary>
    public EmberContext(EmberOptions? options = null) : this(options, engineFactory: null)
    {
    }

    /// <summary>
    /// Creates a context whose engine <paramref name="engineFactory"/> makes (an executor's, whose tasks come from a
    /// driver); by default the one its master names.
    /// </summary>
    internal EmberContext(EmberOptions? options, Func<EmberContext, EngineParts>? engineFactory)
    {
        Options = options ?? new EmberOptions();
        var master = MasterUrl.Parse(Options.Master);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxTaskAttempts, 1, $"{nameof(options)}.{nameof(EmberOptions.MaxTaskAttempts)}");
        if (Options.DefaultParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.DefaultParallelism, "DefaultParallelism must be at least 1.");
        }
        Serializer = Options.Serializer ?? MessagePackEmberSerializer.Default;
        var loggerFactory = Options.LoggerFactory ?? NullLoggerFactory.Instance;
        Logger = loggerFactory.CreateLogger("Ember");
        ApplicationId = $"local-{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}";
        localDirectory = Options.LocalDirectory ?? Path.Combine(Path.GetTempPath(), $"ember-{ApplicationId}-{Guid.NewGuid():N}");
        Listeners = new ListenerBus(Logger);
        progressBar = ConsoleProgressBar.Create(Options);
        if (progressBar is not null)
        {
            Listeners.Add(progressBar);
        }
        engine = engineFactory?.Invoke(this)
            ?? (master.IsCluster
                ? ClusterManagers.Find(Options.Master).Start(this, Options.Master)
                : EngineParts.Local(master.WorkerThreads, message => TaskMessage?.Invoke(message), Listeners));
        if (engineFactory is null && !master.IsCluster)
        {
            Listeners.PostExecutorAdded(new ExecutorInfo(ExecutorInfo.DriverId, "localhost", 0, master.WorkerThreads, DateTimeOffset.UtcNow));
        }
        BlockManager = new BlockManager(Serializer, localDirectory, cleaner, engine.RemoveCachedRddElsewhere, engine.PartitionCached);
        backend = engine.Backend;
        scheduler = new DagScheduler(backend, engine.MapOutputs, master.MaxTaskAttempts ?? Options.MaxTaskAttempts, Logger, Listeners);
        Logger.LogInformation("Ember context '{AppName}' started on {Master} with {Threads} worker thread(s)", AppName, Options.Master, backend.Parallelism);
    }

    /// <summary>The options the context was created with.</summary>
    public EmberOptions Options { get; }

    /// <summary>The application's name.</summary>
    public string AppName => Options.AppName;

    /// <summary>A name unique to this run of the application (<c>local-&lt;start ms&gt;</c>).</summary>
    public string ApplicationId { get; }

    /// <summary>Partitions used by <see cref="Parallelize{T}"/> when none is given.</summary>
    public int DefaultParallelism => Options.DefaultParallelism ?? backend.Parallelism;

    /// <summary>The serializer used wherever records become bytes.</summary>
    public ISerializer Serializer { get; }

    /// <summary>The engine's logger, for the streaming layer and extensions.</summary>
    public ILogger Logger { get; }

    /// <summary>Where this context's tasks run (a cluster's backend owns its executors).</summary>
    internal ISchedulerBackend Backend => backend;

    /// <summary>The executors alive now, by id, sorted ordinally (Spark's getExecutorIds); locally, just <c>driver</c>.</summary>
    internal IReadOnlyList<string> ExecutorIds => backend.ExecutorIds;

    /// <summary>Cancelled when the context starts to stop: what the process keeps for tasks (a source's connections) is released then.</summary>
    internal CancellationToken Stopping => stopping.Token;

    /// <summary>Reads shuffle outputs on the reduce side, in the process the task runs in.</summary>
    internal IShuffleReader ShuffleReader => engine.ShuffleReader;

    /// <summary>Holds the map outputs of the shuffle tasks that run in this process.</summary>
    internal IShuffleStore ShuffleStore => engine.ShuffleStore;

    /// <summary>Which map outputs exist, wherever they are.</summary>
    internal IMapOutputTracker MapOutputs => engine.MapOutputs;

    internal BlockManager BlockManager { get; }

    /// <summary>Delivers the engine's events to the listeners added with <see cref="AddListener"/>; the backend posts to it.</summary>
    internal ListenerBus Listeners { get; }

    /// <summary>Blocks of records inputs handed to the engine (receivers), read by the tasks of the batches that took them.</summary>
    internal InputBlockStore InputBlocks { get; } = new();

    /// <summary>Raised on the driver for every message a task sends with <see cref="TaskContext.SendToDriver"/>; handlers must be quick and thread-safe.</summary>
    internal event Action<object>? TaskMessage;


    /// <summary>
    /// Slices <paramref name="items"/> (copied now) into <paramref name="partitions"/> contiguous partitions
    /// (default <see cref="DefaultParallelism"/>).
    /// </summary>
    public Rdd<T> Parallelize<T>(IEnumerable<T> items, int? partitions = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var slices = partitions ?? DefaultParallelism;
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1, nameof(partitions));
        return new ParallelCollectionRdd<T>(this, [.. items], slices);
    }

    /// <summary>
    /// The lines of a UTF-8 text file, or of every file in a directory (names starting with '.' or '_' skipped),
    /// without their line ends. Large files are cut into byte ranges: at least <paramref name="minPartitions"/>
    /// partitions in all (default: min(<see cref="DefaultParallelism"/>, 2)) when the input is large enough. The files
    /// are listed now; a missing path throws <see cref="FileNotFoundException"/> naming it.
    /// </summary>
    public Rdd<string> TextFile(string path, int? minPartitions = null)
    {
        var min = minPartitions ?? Math.Min(DefaultParallelism, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(min, 1, nameof(minPartitions));
        return new TextFileRdd(this, path, min);
    }

    /// <summary>
    /// The fixed-length records of a binary file, or of every file in a directory (names starting with '.' or '_'
    /// skipped), in file-name order (Spark's <c>binaryRecords</c>): each record is a new array of exactly
    /// <paramref name="recordLength"/> bytes. Large files are cut into ranges of whole records, at least
    /// min(<see cref="DefaultParallelism"/>, 2) partitions in all when the input is large enough. The files are listed
    /// now: a missing path throws <see cref="FileNotFoundException"/> naming it, and a file whose length is not a
    /// multiple of <paramref name="recordLength"/> throws <see cref="InvalidDataException"/> naming the file and its
    /// length. A file that shrinks after this call fails the job that reads it; bytes appended later are not read.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="recordLength"/> is less than 1.</exception>
    public Rdd<byte[]> BinaryRecords(string path, int recordLength)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(recordLength, 1);
        // Checked here: the files are listed before the RDD's own constructor, which checks it for every other factory.
        ThrowIfStopped("create an RDD (BinaryRecords)");
        return new BinaryRecordsRdd(this, path, recordLength, Math.Min(DefaultParallelism, 2));
    }

    /// <summary>
    /// The records saved by <see cref="Rdd{T}.SaveAsObjectFileAsync"/> into <paramref name="path"/>, one partition per
    /// part file. A missing directory throws <see cref="DirectoryNotFoundException"/> naming it.
    /// </summary>
    public Rdd<T> ObjectFile<T>(string path) => new ObjectFileRdd<T>(this, path);

    /// <summary>An RDD with no partitions.</summary>
    public Rdd<T> EmptyRdd<T>() => new EmptyRdd<T>(this);

    /// <summary>
    /// The records of all <paramref name="rdds"/> (narrow, no shuffle, duplicates kept): their partitions side by side,
    /// or, when they all share one partitioner, partition <c>i</c> of each merged into partition <c>i</c>, keeping it.
    /// RDDs without partitions take no part (SPARK-23778): a partitioned RDD united with empty ones keeps its partitioner.
    /// </summary>
    public Rdd<T> Union<T>(IEnumerable<Rdd<T>> rdds)
    {
        ArgumentNullException.ThrowIfNull(rdds);
        var parents = rdds.ToList();
        foreach (var rdd in parents)
        {
            ArgumentNullException.ThrowIfNull(rdd, nameof(rdds));
            if (rdd.Context != this)
            {
                throw new ArgumentException($"{rdd} belongs to another context.", nameof(rdds));
            }
        }
        parents.RemoveAll(rdd => rdd.Partitions.Count == 0);
        if (parents.Count == 0)
        {
            return EmptyRdd<T>();
        }
        var partitioner = parents[0].Partitioner;
        return partitioner is not null && parents.All(rdd => partitioner.Equals(rdd.Partitioner))
            ? new PartitionerAwareUnionRdd<T>(this, parents, partitioner)
            : new UnionRdd<T>(this, parents);
    }

    /// <summary>
    /// Runs <paramref name="func"/> over each listed partition of <paramref name="rdd"/> (all when null) on the
    /// workers, after any shuffle the RDD needs, and returns the results in partition order. Used by every action.
    /// Called from inside a task (a job started by a function that runs on the workers), it throws
    /// <see cref="InvalidOperationException"/> at once, as every action does: such a job would wait forever for
    /// workers that the calling tasks hold.
    /// </summary>
    public Task<TResult[]> RunJobAsync<T, TResult>(
        Rdd<T> rdd,
        Func<TaskContext, IEnumerable<T>, TResult> func,
        IReadOnlyList<int>? partitions = null,
        CancellationToken cancellationToken = default) =>
        RunActionAsync("RunJob", rdd, func, partitions, cancellationToken);

    /// <summary>As <see cref="RunJobAsync"/>, naming the <paramref name="action"/> in the error a nested call gets.</summary>
    internal Task<TResult[]> RunActionAsync<T, TResult>(
        string action,
        Rdd<T> rdd,
        Func<TaskContext, IEnumerable<T>, TResult> func,
        IReadOnlyList<int>? partitions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(func);
        RunningTask.ThrowIfInside(action, rdd);
        ThrowIfStopped("run {0} on {1}", action, rdd);
        if (rdd.Context != this)
        {
            throw new ArgumentException($"{rdd} belongs to another context.", nameof(rdd));
        }
        var selected = partitions ?? [.. Enumerable.Range(0, rdd.Partitions.Count)];
        foreach (var partition in selected)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, rdd.Partitions.Count, nameof(partitions));
            ArgumentOutOfRangeException.ThrowIfNegative(partition, nameof(partitions));
        }
        cleaner.Sweep();
        // The job completes on a worker thread. Completing this source there wakes a caller blocked in a synchronous
        // action without needing a thread-pool thread, while awaiting callers continue on the pool, never on a worker.
        var completion = new TaskCompletionSource<TResult[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = RunAsync();
        return completion.Task;

        async Task RunAsync()
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
            try
            {
                TResult[] results;
                try
                {
                    results = await scheduler.RunJobAsync(rdd, func, selected, linked.Token).ConfigureAwait(false);
                }
                finally
                {
                    // Spark's finishAll: the bar leaves the line before the caller prints the job's results.
                    progressBar?.FinishAll();
                }
                if (Volatile.Read(ref pendingCheckpoints) > 0)
                {
                    // Spark's doCheckpoint: marked RDDs the job reached are written before the action returns.
                    await ReliableCheckpointData.WriteMarkedAsync(rdd, linked.Token).ConfigureAwait(false);
                }
                completion.SetResult(results);
            }
            catch (OperationCanceledException cancelled)
            {
                completion.SetCanceled(cancelled.CancellationToken);
            }
            catch (Exception error)
            {
                completion.SetException(error);
            }
        }
    }

    /// <summary>A new RDD's id; a stopped context refuses to make RDDs, so every factory fails at once, naming it.</summary>
    internal int NewRddId(string operation)
    {
        ThrowIfStopped("create an RDD ({0})", operation);
        return Interlocked.Increment(ref nextRddId) - 1;
    }

    internal int RegisterShuffle(ShuffleDependency shuffle)
    {
        var id = Interlocked.Increment(ref nextShuffleId) - 1;
        cleaner.Register(shuffle, () => engine.MapOutputs.RemoveShuffle(id));
        return id;
    }
}

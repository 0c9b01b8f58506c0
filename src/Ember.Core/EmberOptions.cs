using Ember.Serialization;
using Microsoft.Extensions.Logging;

namespace Ember;

/// <summary>
/// Settings of an <see cref="EmberContext"/> (Spark's SparkConf). Bound from <c>IConfiguration</c> by
/// <see cref="Configuration.EmberConfiguration.GetEmberOptions"/> (the <c>Ember</c> section, or Spark's keys).
/// </summary>
public sealed class EmberOptions
{
    /// <summary>
    /// Where tasks run (<c>spark.master</c>): <c>local</c> (one worker thread), <c>local[N]</c>, <c>local[*]</c>
    /// (one per core) or <c>local[N,F]</c> (N threads, F attempts per task), all in this process; or, with the
    /// Ember.Cluster package, <c>local-cluster[N,C]</c> (N executor processes with C task threads each, started and
    /// stopped with the context) or <c>ember://host:port</c> (the driver listens there; executors started on other
    /// machines join it). Default <c>local[*]</c>.
    /// </summary>
    public string Master { get; set; } = "local[*]";

    /// <summary>The application's name (<c>spark.app.name</c>), shown in logs and the UI.</summary>
    public string AppName { get; set; } = "Ember";

    /// <summary>
    /// Partitions used when none is given (<c>spark.default.parallelism</c>): by <c>Parallelize</c>, and by shuffles
    /// whose parents have no partitioner. Unset: the number of worker threads for <c>Parallelize</c>, and the largest
    /// parent's partition count for shuffles, as Spark.
    /// </summary>
    public int? DefaultParallelism { get; set; }

    /// <summary>How many times a task is tried before its job fails (<c>spark.task.maxFailures</c>, default 4).</summary>
    public int MaxTaskAttempts { get; set; } = 4;

    /// <summary>Turns records into bytes for checkpoints, serialized caches and spills. Default: MessagePack, contractless.</summary>
    public ISerializer? Serializer { get; set; }

    /// <summary>Where disk-persisted blocks go (<c>spark.local.dir</c>). Default: a fresh folder under the system temp directory.</summary>
    public string? LocalDirectory { get; set; }

    /// <summary>
    /// Deletes an RDD's reliable checkpoint files once the RDD is garbage-collected
    /// (<c>spark.cleaner.referenceTracking.cleanCheckpoints</c>, default false, as Spark). Leave it off when the files
    /// must outlive the RDD, to be read by <see cref="EmberContext.CheckpointFile{T}"/> in a later run.
    /// </summary>
    public bool CleanCheckpoints { get; set; }

    /// <summary>
    /// Draws the progress of long stages on standard error (<c>spark.ui.showConsoleProgress</c>), as Spark's shell does:
    /// <c>[Stage 3:=====&gt;      (12 + 2) / 40]</c>, completed + running tasks of all, for every stage running longer
    /// than 500 ms (so streaming batches' short jobs never show), redrawn in place at most every 200 ms and cleared when
    /// the job ends. Default true, yet drawn only on an interactive terminal: never when standard error is redirected
    /// or the <c>CI</c> environment variable is set. While drawn, the context listens to its task events (a short lock
    /// per task, on a listener thread).
    /// </summary>
    public bool ShowConsoleProgress { get; set; } = true;

    /// <summary>Where the engine logs. Default: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Further settings by key, for the parts of Ember that Core does not know (Spark's <c>SparkConf</c>). Ember.Cluster
    /// reads <c>ember.cluster.heartbeatInterval</c> (default 1 s), <c>ember.cluster.heartbeatPause</c> (how long an
    /// executor may stay silent before it is lost, default 6 s) and <c>ember.cluster.stableAfter</c> (default 5 s),
    /// each a duration such as <c>2s</c> or <c>500ms</c>, and <c>ember.cluster.blockStoreMemory</c> (the bytes of
    /// shuffle blocks each process keeps in memory before spilling to its local disk, default <c>64m</c>); an unknown
    /// <c>ember.cluster.</c> key is an error.
    /// </summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

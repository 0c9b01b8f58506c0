using System.Collections.Concurrent;
using System.Net;
using Ember.Cluster.Blocks;
using Ember.Cluster.Closures;
using Ember.Cluster.Control;
using Ember.Cluster.Security;
using Ember.Scheduling;
using Ember.Shuffle;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Executors;

/// <summary>
/// What an executor process runs besides its control endpoint (Spark's Executor): a block store served over gRPC, a
/// context whose shuffle store and reader are that block store, and a fixed pool of task threads. Launch requests
/// arrive on Akka's threads and are queued to the task threads at once; a task's value goes back inline when small,
/// else through the block store (Spark's indirect results).
/// </summary>
internal sealed class ExecutorRuntime : IExecutorHandler, IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> running = new();
    private readonly ConcurrentQueue<CachedPartition> newlyCached = new();
    private readonly string executorId;
    private readonly LocalBlockStore blocks;
    private readonly BlockServer server;
    private readonly BlockClient client;
    private readonly LocalBackend backend;
    private readonly EmberContext context;
    private readonly ExecutorStages stages;
    private readonly ExecutorShuffleReader shuffles;
    private readonly ILogger logger;
    private Task deliveries = Task.CompletedTask;

    private ExecutorRuntime(string executorId, int cores, LocalBlockStore blocks, BlockServer server, ILoggerFactory loggerFactory,
        ClusterSecret? secret)
    {
        this.executorId = executorId;
        this.blocks = blocks;
        this.server = server;
        client = new BlockClient(new BlockClientOptions { Secret = secret });
        logger = loggerFactory.CreateLogger("Ember.Cluster.Executor");
        backend = new LocalBackend(cores);
        var options = new EmberOptions { Master = $"local[{cores}]", AppName = $"executor {executorId}", LoggerFactory = loggerFactory };
        ExecutorShuffleReader? shuffles = null;
        // Shuffle blocks go through the object-graph codec, not the context's record serializer: a block must bring
        // back exactly what local mode would have handed over in memory (runtime types, lone surrogates).
        context = new EmberContext(options, created =>
        {
            var records = new GraphSerializer(created);
            shuffles = new ExecutorShuffleReader(executorId, client, blocks, records);
            return new EngineParts(backend, NoJobsOnExecutors.Instance, new NetworkShuffleWriter(blocks, records), shuffles,
                PartitionCached: (rddId, partition) => newlyCached.Enqueue(new CachedPartition(rddId, partition)));
        });
        this.shuffles = shuffles!;
        stages = new ExecutorStages(client, context, this.shuffles);
        context.InputBlocks.Network = new ExecutorInputBlocks(blocks, client, server.Peer, context);
    }

    /// <summary>Where this executor's block service listens.</summary>
    public BlockPeer BlockPeer => server.Peer;

    /// <summary>
    /// Starts the block service on <paramref name="bindHost"/> and the task threads; with <paramref name="secret"/>, the
    /// block service and this executor's fetches run mutual TLS.
    /// </summary>
    public static async Task<ExecutorRuntime> StartAsync(string executorId, int cores, string bindHost, ILoggerFactory loggerFactory,
        ClusterSecret? secret = null, long blockStoreMemory = LocalBlockStore.DefaultMemoryBudgetBytes, CancellationToken cancellationToken = default)
    {
        var blocks = new LocalBlockStore(memoryBudgetBytes: blockStoreMemory);
        var server = new BlockServer(blocks, IPAddress.Parse(bindHost), loggerFactory: loggerFactory, secret: secret);
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            return new ExecutorRuntime(executorId, cores, blocks, server, loggerFactory, secret);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            blocks.Dispose();
            throw;
        }
    }

    /// <summary>Where the tasks' messages to the driver go (the executor's actor sets it before the first task).</summary>
    public Action<TaskMessage>? ToDriver { private get; set; }

    public void LaunchTask(LaunchTask task, Action<StatusUpdate> reply)
    {
        var cancellation = new CancellationTokenSource();
        running[task.TaskId] = cancellation;
        var address = new TaskAddress(task.JobId, task.StageId, task.PartitionId, task.Attempt);
        var metrics = new TaskMetrics();
        backend.LaunchAsync(address, () => stages.Get(task.StageBinary, cancellation.Token).Body.Run(address, cancellation.Token, SendToDriver, metrics), cancellation.Token)
            .ContinueWith(ended =>
            {
                running.TryRemove(task.TaskId, out _);
                cancellation.Dispose();
                reply(StatusOf(task.TaskId, ended, DrainCached()) with { ShuffleBytesRead = metrics.ShuffleBytesRead });
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    public void OnDriverMessage(DriverMessage message)
    {
        // Deserializing and delivering may take a moment: off Akka's dispatcher thread, one message after the other in
        // the order sent (Akka calls this one message at a time).
        deliveries = deliveries.ContinueWith(_ =>
        {
            try
            {
                if (TaskBinary.Deserialize(message.Payload, context) is { } delivered)
                {
                    context.ReceiveDriverMessage(delivered);
                }
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Executor {Executor} could not deliver a message from the driver", executorId);
            }
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    public void KillTask(long taskId)
    {
        if (running.TryGetValue(taskId, out var cancellation))
        {
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It ended meanwhile; its status is on the way.
            }
        }
    }

    public void RemoveShuffle(int shuffleId)
    {
        shuffles.Forget(shuffleId);
        blocks.RemoveShuffle(shuffleId);
    }

    public void RemoveRdd(int rddId) => context.BlockManager.Remove(rddId);

    public async ValueTask DisposeAsync()
    {
        context.Dispose();
        client.Dispose();
        await server.DisposeAsync().ConfigureAwait(false);
        blocks.Dispose();
    }

    private void SendToDriver(object message) =>
        (ToDriver ?? throw new InvalidOperationException("The executor is not connected to a driver."))(new TaskMessage(TaskBinary.Serialize(message, context)));

    /// <summary>The partitions cached here since the last status update, which tells the driver where they are.</summary>
    private List<CachedPartition> DrainCached()
    {
        var cached = new List<CachedPartition>();
        while (cached.Count < ControlMessageSerializer.MaxCachedPartitions && newlyCached.TryDequeue(out var partition))
        {
            cached.Add(partition);
        }
        return cached;
    }

    private StatusUpdate StatusOf(long taskId, Task<object?> ended, List<CachedPartition> cached)
    {
        if (ended.IsCanceled)
        {
            return new StatusUpdate(taskId, TaskState.Killed, cachedPartitions: cached);
        }
        if (ended.Exception?.InnerException is { } error)
        {
            return error switch
            {
                FetchFailedException fetch => new StatusUpdate(taskId, TaskState.FetchFailed,
                    fetchFailure: new FetchFailure(fetch.ShuffleId, fetch.MapId, fetch.ReduceId, fetch.ExecutorId), cachedPartitions: cached),
                ShuffleOutputMissingException missing => new StatusUpdate(taskId, TaskState.FetchFailed,
                    fetchFailure: new FetchFailure(missing.ShuffleId, missing.MapId, 0, ""), cachedPartitions: cached),
                OperationCanceledException => new StatusUpdate(taskId, TaskState.Killed, cachedPartitions: cached),
                _ => new StatusUpdate(taskId, TaskState.Failed, errorType: error.GetType().AssemblyQualifiedName,
                    errorMessage: error.Message, errorText: error.ToString(), cachedPartitions: cached),
            };
        }
        try
        {
            var bytes = TaskBinary.Serialize(ended.Result, context);
            if (bytes.Length <= StatusUpdate.MaxInlineResultBytes)
            {
                return new StatusUpdate(taskId, TaskState.Finished, inlineResult: bytes, cachedPartitions: cached);
            }
            var id = BlockId.TaskResult(taskId);
            blocks.Put(id, bytes);
            return new StatusUpdate(taskId, TaskState.Finished, resultBlock: new ResultBlockReference(server.Peer.Host, server.Peer.Port, id.ToString(), bytes.Length), cachedPartitions: cached);
        }
        catch (Exception unsendable)
        {
            logger.LogWarning(unsendable, "The result of task {Task} on executor {Executor} cannot be sent to the driver", taskId, executorId);
            return new StatusUpdate(taskId, TaskState.Failed, errorType: unsendable.GetType().AssemblyQualifiedName,
                errorMessage: $"The task's result cannot be sent to the driver: {unsendable.Message}", errorText: unsendable.ToString(), cachedPartitions: cached);
        }
    }
}

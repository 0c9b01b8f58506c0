using System.Collections.Concurrent;
using Ember.Streaming.Listener;
using Ember.Streaming.Receivers;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Tests.Receivers;

/// <summary>
/// A streaming context on a fake clock with batches of 1 s, a listener that records receiver events and lets a test
/// await batches, and a collector of each batch's partitions. No wall-clock waits: only safety-net timeouts.
/// </summary>
internal sealed class ReceiverHarness : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private ReceiverHarness(StreamingOptions? options)
    {
        options ??= new StreamingOptions();
        options.TimeProvider = Clock;
        Ember = new EmberContext(new EmberOptions { Master = "local[2]", AppName = "ReceiverTests" });
        Context = new StreamingContext(Ember, Interval, options);
        Context.AddStreamingListener(Events);
    }

    public FakeTimeProvider Clock { get; } = new();

    public EmberContext Ember { get; }

    public StreamingContext Context { get; }

    public RecordingListener Events { get; } = new();

    public Time NextBatch { get; private set; }

    public static ReceiverHarness Create(StreamingOptions? options = null) => new(options);

    /// <summary>Collects the partitions of every batch of <paramref name="stream"/>.</summary>
    public BatchCollector<T> Collect<T>(DStream<T> stream)
    {
        var collector = new BatchCollector<T>();
        stream.ForEachRdd((rdd, time) => collector.Add(time, rdd.Glom().Collect()));
        return collector;
    }

    public void Start()
    {
        Context.Start();
        NextBatch = Context.StartTime!.Value;
    }

    /// <summary>Moves the clock to the next batch time and waits for that batch to complete.</summary>
    public async Task<BatchInfo> RunBatchAsync()
    {
        var time = NextBatch;
        NextBatch = time + Interval;
        var remaining = time.ToDateTimeOffset() - Clock.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            Clock.Advance(remaining);
        }
        return await Events.BatchCompleted(time).WaitAsync(Patience);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.StopAsync().WaitAsync(Patience);
        Ember.Dispose();
    }

    /// <summary>
    /// Runs batches until <paramref name="output"/> holds at least <paramref name="count"/> records in all (what the
    /// receiver's thread stored meanwhile reaches the outputs), and returns them, failing after <see cref="Patience"/>.
    /// </summary>
    public async Task<IReadOnlyList<BatchInfo>> RunBatchesUntilAsync<T>(BatchCollector<T> output, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        var batches = new List<BatchInfo>();
        while (output.All.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The outputs hold {output.All.Count} records after {batches.Count} batches, not {count}.");
            }
            batches.Add(await RunBatchAsync());
        }
        return batches;
    }
}

/// <summary>Each batch's records, partition by partition.</summary>
internal sealed class BatchCollector<T>
{
    private readonly ConcurrentDictionary<Time, IReadOnlyList<T[]>> batches = new();

    public IReadOnlyList<T[]> Partitions(Time time) => batches.TryGetValue(time, out var partitions) ? partitions : throw new KeyNotFoundException($"No batch at {time}");

    public IReadOnlyList<T> Records(Time time) => [.. Partitions(time).SelectMany(partition => partition)];

    public IReadOnlyList<T> All => [.. batches.OrderBy(pair => pair.Key).SelectMany(pair => pair.Value.SelectMany(partition => partition))];

    public void Add(Time time, IReadOnlyList<T[]> partitions) => batches[time] = partitions;
}

/// <summary>Records receiver events in order and lets a test await batches and the n-th event of a kind.</summary>
internal sealed class RecordingListener : IStreamingListener
{
    private readonly ConcurrentDictionary<Time, TaskCompletionSource<BatchInfo>> batches = new();
    private readonly Lock gate = new();
    private readonly List<(string Kind, ReceiverInfo Info)> receiverEvents = [];
    private readonly List<(string Kind, int Count, TaskCompletionSource<ReceiverInfo> Done)> waiters = [];

    public IReadOnlyList<(string Kind, ReceiverInfo Info)> ReceiverEvents
    {
        get
        {
            lock (gate)
            {
                return [.. receiverEvents];
            }
        }
    }

    public IReadOnlyList<string> Kinds => [.. ReceiverEvents.Select(e => e.Kind)];

    public Task<BatchInfo> BatchCompleted(Time time) => Batch(time).Task;

    /// <summary>The <paramref name="count"/>-th event of <paramref name="kind"/> ("started", "error", "stopped").</summary>
    public Task<ReceiverInfo> Receiver(string kind, int count = 1)
    {
        lock (gate)
        {
            var seen = receiverEvents.Where(e => e.Kind == kind).ToList();
            if (seen.Count >= count)
            {
                return Task.FromResult(seen[count - 1].Info);
            }
            var done = new TaskCompletionSource<ReceiverInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((kind, count, done));
            return done.Task.WaitAsync(ReceiverHarness.Patience);
        }
    }

    public void OnBatchCompleted(BatchInfo batch) => Batch(batch.BatchTime).TrySetResult(batch);

    public void OnReceiverStarted(ReceiverInfo receiver) => Record("started", receiver);

    public void OnReceiverError(ReceiverInfo receiver) => Record("error", receiver);

    public void OnReceiverStopped(ReceiverInfo receiver) => Record("stopped", receiver);

    private TaskCompletionSource<BatchInfo> Batch(Time time) =>
        batches.GetOrAdd(time, _ => new TaskCompletionSource<BatchInfo>(TaskCreationOptions.RunContinuationsAsynchronously));

    private void Record(string kind, ReceiverInfo info)
    {
        lock (gate)
        {
            receiverEvents.Add((kind, info));
            var count = receiverEvents.Count(e => e.Kind == kind);
            waiters.RemoveAll(waiter =>
            {
                if (waiter.Kind != kind || waiter.Count != count)
                {
                    return false;
                }
                waiter.Done.TrySetResult(info);
                return true;
            });
        }
    }
}

/// <summary>A receiver the test drives by hand: it records its calls and the token of each start.</summary>
internal sealed class ManualReceiver : Receiver<int>
{
    private readonly Lock gate = new();
    private readonly List<string> calls = [];
    private readonly List<CancellationToken> tokens = [];
    private readonly List<(string Call, int Count, TaskCompletionSource Done)> waiters = [];

    public Exception? FailOnStart { get; init; }

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    public IReadOnlyList<CancellationToken> Tokens
    {
        get
        {
            lock (gate)
            {
                return [.. tokens];
            }
        }
    }

    /// <summary>Completes once <paramref name="call"/> ("start" or "stop") was made <paramref name="count"/> times.</summary>
    public Task Called(string call, int count = 1)
    {
        lock (gate)
        {
            if (calls.Count(c => c == call) >= count)
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((call, count, done));
            return done.Task.WaitAsync(ReceiverHarness.Patience);
        }
    }

    protected override void OnStart()
    {
        Record("start", StoppingToken);
        if (FailOnStart is { } failure)
        {
            throw failure;
        }
    }

    protected override void OnStop() => Record("stop", null);

    private void Record(string call, CancellationToken? token)
    {
        lock (gate)
        {
            calls.Add(call);
            if (token is { } started)
            {
                tokens.Add(started);
            }
            var count = calls.Count(c => c == call);
            waiters.RemoveAll(waiter =>
            {
                if (waiter.Call != call || waiter.Count > count)
                {
                    return false;
                }
                waiter.Done.TrySetResult();
                return true;
            });
        }
    }
}

/// <summary>
/// A receiver in the usual shape: a dedicated thread takes items from a queue and stores them until its token fires.
/// </summary>
internal sealed class QueueReceiver(BlockingCollection<int> source) : Receiver<int>
{
    private readonly Lock gate = new();
    private readonly List<(long Count, TaskCompletionSource Done)> waiters = [];
    private Thread? thread;
    private long stored;

    /// <summary>Completes once <c>Store</c> returned for <paramref name="count"/> records in all, failing after the harness's patience.</summary>
    public Task WhenStored(long count)
    {
        lock (gate)
        {
            if (stored >= count)
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((count, done));
            return done.Task.WaitAsync(ReceiverHarness.Patience);
        }
    }

    protected override void OnStart()
    {
        var stopping = StoppingToken;
        thread = new Thread(() =>
        {
            try
            {
                foreach (var item in source.GetConsumingEnumerable(stopping))
                {
                    Store(item);
                    Counted();
                }
            }
            catch (OperationCanceledException)
            {
            }
        })
        { IsBackground = true, Name = "queue-receiver" };
        thread.Start();
    }

    protected override void OnStop() => thread?.Join();

    private void Counted()
    {
        lock (gate)
        {
            stored++;
            waiters.RemoveAll(waiter => waiter.Count <= stored && waiter.Done.TrySetResult());
        }
    }
}

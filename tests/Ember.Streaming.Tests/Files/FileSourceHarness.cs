using System.Collections.Concurrent;
using System.Text;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Tests.Files;

/// <summary>
/// A streaming context on a fake clock over a fresh temp directory (deleted on dispose), with helpers to drop files
/// in, run batches one at a time and collect each batch's records. The clock starts at the current real UTC time
/// truncated to the second, because file modification times are real; tests that depend on a modification time set
/// it explicitly, relative to the fake clock.
/// </summary>
internal sealed class FileSourceHarness : IStreamingListener, IAsyncDisposable
{
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Time, TaskCompletionSource<BatchInfo>> batches = new();
    private Task? termination;

    public FileSourceHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), $"ember-files-{Guid.NewGuid():N}");
        Watched = Path.Combine(Root, "in");
        Staging = Path.Combine(Root, "staging");
        Directory.CreateDirectory(Watched);
        Directory.CreateDirectory(Staging);
        var now = DateTimeOffset.UtcNow;
        Clock = new FakeTimeProvider(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
        Context = new StreamingContext(new EmberContext(new EmberOptions { Master = "local[2]" }), Interval, new StreamingOptions { TimeProvider = Clock });
        Context.AddStreamingListener(this);
    }

    public static TimeSpan Interval => TimeSpan.FromSeconds(1);

    public string Root { get; }

    /// <summary>The directory most tests watch.</summary>
    public string Watched { get; }

    /// <summary>Where files are written before being moved into a watched directory.</summary>
    public string Staging { get; }

    public FakeTimeProvider Clock { get; }

    public StreamingContext Context { get; }

    /// <summary>The fake clock's current time.</summary>
    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>The batch times run so far, in order.</summary>
    public List<Time> BatchTimes { get; } = [];

    /// <summary>Collects every RDD of <paramref name="stream"/> by batch time.</summary>
    public ConcurrentDictionary<Time, IReadOnlyList<T>> Collect<T>(DStream<T> stream)
    {
        var outputs = new ConcurrentDictionary<Time, IReadOnlyList<T>>();
        stream.ForEachRdd((rdd, time) => outputs[time] = rdd.Collect());
        return outputs;
    }

    public void Start()
    {
        termination = Context.AwaitTerminationAsync();
        Context.Start();
    }

    /// <summary>Advances the clock by one batch interval and waits until that batch completed; returns its info.</summary>
    public async Task<BatchInfo> AdvanceAsync()
    {
        var time = Context.StartTime!.Value + (Interval * BatchTimes.Count);
        BatchTimes.Add(time);
        Clock.Advance(Interval);
        var done = Completion(time).Task;
        await Task.WhenAny(done, termination!).WaitAsync(BatchTimeout);
        if (termination!.IsFaulted)
        {
            await termination;
        }
        return await done;
    }

    /// <summary>Runs <paramref name="count"/> batches.</summary>
    public async Task AdvanceAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await AdvanceAsync();
        }
    }

    /// <summary>
    /// Writes <paramref name="lines"/> into the staging directory, sets its modification time, and moves it
    /// atomically into <paramref name="directory"/> (default: <see cref="Watched"/>); returns its final path.
    /// </summary>
    public string MoveIn(string name, IEnumerable<string> lines, DateTimeOffset modified, string? directory = null) =>
        MoveIn(name, Encoding.UTF8.GetBytes(string.Concat(lines.Select(line => line + "\n"))), modified, directory);

    /// <inheritdoc cref="MoveIn(string, IEnumerable{string}, DateTimeOffset, string?)"/>
    public string MoveIn(string name, byte[] content, DateTimeOffset modified, string? directory = null)
    {
        var staged = Path.Combine(Staging, $"{Guid.NewGuid():N}-{name}");
        File.WriteAllBytes(staged, content);
        File.SetLastWriteTimeUtc(staged, modified.UtcDateTime);
        var target = Path.Combine(directory ?? Watched, name);
        File.Move(staged, target);
        return target;
    }

    public void OnBatchCompleted(BatchInfo batch) => Completion(batch.BatchTime).TrySetResult(batch);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Context.StopAsync();
        }
        finally
        {
            Context.EmberContext.Dispose();
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }

    private TaskCompletionSource<BatchInfo> Completion(Time time) =>
        batches.GetOrAdd(time, _ => new TaskCompletionSource<BatchInfo>(TaskCreationOptions.RunContinuationsAsynchronously));
}

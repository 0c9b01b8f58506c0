using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Tests.Checkpointing;

/// <summary>
/// A temp directory for recovery tests (deleted on dispose): a watched input directory, a staging directory files are
/// written in before being moved in, and a checkpoint directory shared by the runs of one test. Every run is a
/// <see cref="RecoveryRun"/> made by <see cref="StreamingContext.GetOrCreate"/> on its own fake clock; runs of one test
/// use the same batch times because their clocks all count from <see cref="Start"/>.
/// </summary>
internal sealed class CheckpointFixture : IAsyncDisposable
{
    /// <summary>The first run's clock: batch k (k = 1, 2, ...) is at <c>Start + k s</c>; zero time is <c>Start</c>.</summary>
    public static readonly DateTimeOffset Start = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string App = "CheckpointTests";

    private readonly List<RecoveryRun> runs = [];

    public CheckpointFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), $"ember-checkpoint-{Guid.NewGuid():N}");
        Watched = Path.Combine(Root, "in");
        Staging = Path.Combine(Root, "staging");
        CheckpointDirectory = Path.Combine(Root, "checkpoint");
        Directory.CreateDirectory(Watched);
        Directory.CreateDirectory(Staging);
    }

    public string Root { get; }

    public string Watched { get; }

    public string Staging { get; }

    public string CheckpointDirectory { get; }

    public static TimeSpan Second => TimeSpan.FromSeconds(1);

    /// <summary>The time of batch <paramref name="k"/> (1-based) for batches of <paramref name="interval"/> (1 s).</summary>
    public static Time Batch(int k, TimeSpan? interval = null) => Time.From(Start) + (interval ?? Second) * k;

    /// <summary>
    /// Opens a run: GetOrCreate over <see cref="CheckpointDirectory"/> with a factory that makes a context on a new fake
    /// clock at <paramref name="clockAt"/> and calls <paramref name="build"/>. Not started.
    /// </summary>
    public RecoveryRun Open(
        Action<StreamingContext> build,
        DateTimeOffset? clockAt = null,
        string app = App,
        TimeSpan? interval = null,
        bool createOnError = false,
        bool setCheckpointInFactory = true,
        Action<StreamingOptions>? configure = null,
        Ember.Serialization.ISerializer? serializer = null)
    {
        var clock = new FakeTimeProvider(clockAt ?? Start);
        var batch = interval ?? Second;
        var context = StreamingContext.GetOrCreate(CheckpointDirectory, () =>
        {
            var options = new StreamingOptions { TimeProvider = clock, GracefulStopTimeout = TimeSpan.FromSeconds(5) };
            configure?.Invoke(options);
            var ssc = new StreamingContext(new EmberOptions { Master = "local[2]", AppName = app, Serializer = serializer }, batch, options);
            if (setCheckpointInFactory)
            {
                ssc.Checkpoint(CheckpointDirectory);
            }
            build(ssc);
            return ssc;
        }, createOnError);
        var run = new RecoveryRun(context, clock, batch);
        runs.Add(run);
        return run;
    }

    /// <summary>Writes <paramref name="lines"/> in staging, stamps it <paramref name="modified"/> and moves it into the watched directory.</summary>
    public string MoveIn(string name, IEnumerable<string> lines, DateTimeOffset modified, string? directory = null)
    {
        var staged = Path.Combine(Staging, $"{Guid.NewGuid():N}-{name}");
        File.WriteAllText(staged, string.Concat(lines.Select(line => line + "\n")), Encoding.UTF8);
        File.SetLastWriteTimeUtc(staged, modified.UtcDateTime);
        var target = Path.Combine(directory ?? Watched, name);
        File.Move(staged, target);
        return target;
    }

    /// <summary>Moves in a file the batch of <paramref name="batch"/> takes: modified one interval before it (so it is stable then).</summary>
    public string Feed(Time batch, params string[] lines) => Feed(batch, Second, lines);

    public string Feed(Time batch, TimeSpan interval, params string[] lines) =>
        MoveIn($"batch-{batch.Milliseconds}-{Guid.NewGuid():N}.txt", lines, (batch - interval).ToDateTimeOffset());

    /// <summary>The manifests in the checkpoint directory, oldest first.</summary>
    public IReadOnlyList<string> Manifests() =>
        Directory.Exists(CheckpointDirectory)
            ? [.. Directory.GetFiles(CheckpointDirectory, "checkpoint-*.json").OrderBy(TimeOf)]
            : [];

    public string ManifestPath(Time time) => Path.Combine(CheckpointDirectory, $"checkpoint-{time.Milliseconds}.json");

    public static long TimeOf(string manifest)
    {
        var name = Path.GetFileNameWithoutExtension(manifest);
        return long.Parse(name["checkpoint-".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The body of a manifest (inside its checksum envelope).</summary>
    public static JsonNode ReadManifest(string path) => JsonNode.Parse(File.ReadAllText(path))!["manifest"]!;

    /// <summary>The batches a manifest lists: time and whether it had completed.</summary>
    public static IReadOnlyList<(long TimeMs, bool Completed)> BatchesOf(JsonNode manifest) =>
        [.. manifest["Batches"]!.AsArray().Select(batch => (batch!["TimeMs"]!.GetValue<long>(), batch["Completed"]!.GetValue<bool>()))];

    /// <summary>The state entries of a manifest: id and directory (relative to the checkpoint directory).</summary>
    public static IReadOnlyList<(string Id, string Directory, string Signature)> StateOf(JsonNode manifest) =>
        [.. manifest["State"]!.AsArray().Select(entry => (entry!["Id"]!.GetValue<string>(), entry["Directory"]!.GetValue<string>(), entry["Signature"]!.GetValue<string>()))];

    public static long? StateTimeOf(JsonNode manifest) => manifest["StateTimeMs"]?.GetValue<long>();

    /// <summary>Cuts a file to half its length (a torn write).</summary>
    public static void Truncate(string path)
    {
        var length = new FileInfo(path).Length;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length / 2);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var run in runs)
            {
                await run.DisposeAsync();
            }
        }
        finally
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A worker may still hold a file for a moment; the temp directory is left behind.
            }
        }
    }
}

/// <summary>One run of a program: its context, its fake clock, and completion of each batch as listeners see it.</summary>
internal sealed class RecoveryRun : IStreamingListener, IAsyncDisposable
{
    /// <summary>Real time allowed for anything awaited: a safety net against hangs, never a clock.</summary>
    public static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<Time, TaskCompletionSource<BatchInfo>> completed = new();
    private Task? termination;

    public RecoveryRun(StreamingContext context, FakeTimeProvider clock, TimeSpan interval)
    {
        Context = context;
        Clock = clock;
        Interval = interval;
        context.AddStreamingListener(this);
    }

    public StreamingContext Context { get; }

    public FakeTimeProvider Clock { get; }

    public TimeSpan Interval { get; }

    public Time Now => Time.From(Clock.GetUtcNow());

    public void Start()
    {
        termination = Context.AwaitTerminationAsync();
        Context.Start();
    }

    /// <summary>Advances the clock one interval (generating the batch of the new time) and waits for that batch.</summary>
    public async Task<Time> AdvanceAsync()
    {
        Clock.Advance(Interval);
        var time = Now;
        await WaitForAsync(time);
        return time;
    }

    /// <summary>Advances until the clock reaches <paramref name="time"/>, one batch at a time.</summary>
    public async Task AdvanceToAsync(Time time)
    {
        while (Now < time)
        {
            await AdvanceAsync();
        }
    }

    /// <summary>Waits until the listeners were told batch <paramref name="time"/> completed; rethrows a job failure.</summary>
    public async Task<BatchInfo> WaitForAsync(Time time)
    {
        var done = Completion(time).Task;
        await Task.WhenAny(done, termination ?? Task.Delay(Timeout.Infinite)).WaitAsync(SafetyNet);
        if (termination is { IsFaulted: true })
        {
            await termination;
        }
        var info = await done;
        if (info.OutputOperationInfos.Values.FirstOrDefault(operation => operation.FailureReason is { } reason && !reason.StartsWith("Cancelled", StringComparison.Ordinal)) is { } failed)
        {
            throw new Xunit.Sdk.XunitException($"Output operation {failed.Id} of batch {time} failed: {failed.FailureReason}");
        }
        return info;
    }

    /// <summary>
    /// Advances the clock one interval and waits until that batch ended, even with a failed output (which
    /// <see cref="WaitForAsync"/> would rethrow): its info tells which outputs failed.
    /// </summary>
    public async Task<BatchInfo> AdvanceThroughFailureAsync()
    {
        Clock.Advance(Interval);
        return await Completion(Now).Task.WaitAsync(SafetyNet);
    }

    public bool HasCompleted(Time time) => completed.TryGetValue(time, out var completion) && completion.Task.IsCompleted;

    public Task StopAsync(bool graceful = false) => Context.StopAsync(graceful).WaitAsync(SafetyNet);

    public void OnBatchCompleted(BatchInfo batch) => Completion(batch.BatchTime).TrySetResult(batch);

    public async ValueTask DisposeAsync() => await Context.StopAsync().WaitAsync(SafetyNet);

    private TaskCompletionSource<BatchInfo> Completion(Time time) =>
        completed.GetOrAdd(time, _ => new TaskCompletionSource<BatchInfo>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>What an output saw, shared by the runs of a test: the last RDD collected per batch time and how often it ran.</summary>
internal sealed class Recorder<T>
{
    public ConcurrentDictionary<Time, IReadOnlyList<T>> Outputs { get; } = new();

    public ConcurrentDictionary<Time, int> Calls { get; } = new();

    public void Attach(DStream<T> stream) => stream.ForEachRdd((rdd, time) =>
    {
        Outputs[time] = rdd.Collect();
        Calls.AddOrUpdate(time, 1, (_, count) => count + 1);
    });

    public int CallsAt(Time time) => Calls.GetValueOrDefault(time);

    public IReadOnlyList<T> At(Time time) => Outputs.TryGetValue(time, out var output) ? output : throw new Xunit.Sdk.XunitException($"No output recorded for batch {time}.");
}

/// <summary>The word-count program the recovery tests restart: file lines split into words, running totals by key.</summary>
internal static class WordCount
{
    public static DStream<string> Words(StreamingContext ssc, string watched) =>
        ssc.TextFileStream(watched).FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>UpdateStateByKey running totals (named <paramref name="name"/> unless null), snapshotted every <paramref name="every"/>.</summary>
    public static DStream<(string Key, int Value)> Totals(StreamingContext ssc, string watched, string? name = "totals", TimeSpan? every = null, int weight = 1) =>
        TotalsOf(Words(ssc, watched), name, every, weight);

    /// <summary>As <see cref="Totals"/>, over an existing stream of words.</summary>
    public static DStream<(string Key, int Value)> TotalsOf(DStream<string> words, string? name = "totals", TimeSpan? every = null, int weight = 1)
    {
        var totals = words
            .Map(word => (word, weight))
            .UpdateStateByKey((IReadOnlyList<int> values, Option<int> total) => Option.Some(total.GetValueOrDefault(0) + values.Sum()));
        if (name is not null)
        {
            totals.WithName(name);
        }
        totals.Checkpoint(every ?? TimeSpan.FromSeconds(2));
        return totals;
    }

    public static Dictionary<string, int> ToDictionary(IEnumerable<(string Key, int Value)> pairs) =>
        pairs.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    public static Dictionary<string, int> Count(IEnumerable<string> lines) =>
        lines.SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(word => word, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
}

/// <summary>
/// Runs one program over a schedule of input files, uninterrupted or stopped and recovered with GetOrCreate after given
/// batches, so the outputs of both can be compared batch by batch.
/// </summary>
internal static class Scenario
{
    /// <summary>
    /// Runs <paramref name="program"/> for <paramref name="batches"/> batches; batch k (from 2: batch 1 can take no file)
    /// takes a file with <paramref name="input"/>(k). After each <c>After</c> in <paramref name="restarts"/> the context
    /// stops; the files of the next <c>Gap</c> batches arrive while nothing runs, then a new context recovers with its
    /// clock at the last of those batch times (so they are generated as missed batches).
    /// </summary>
    public static async Task<Recorder<T>> RunAsync<T>(
        Func<StreamingContext, string, DStream<T>> program,
        Func<int, string[]> input,
        int batches,
        params (int After, int Gap)[] restarts)
    {
        await using var fixture = new CheckpointFixture();
        var recorder = new Recorder<T>();
        void Build(StreamingContext ssc) => recorder.Attach(program(ssc, fixture.Watched));
        void FeedBatch(int k)
        {
            var lines = input(k);
            Assert.True(k > 1 || lines.Length == 0, "The first batch cannot take a file.");
            if (lines.Length > 0)
            {
                fixture.Feed(CheckpointFixture.Batch(k), lines);
            }
        }

        var run = fixture.Open(Build);
        run.Start();
        var k = 0;
        foreach (var (after, gap) in restarts)
        {
            for (; k < after; )
            {
                FeedBatch(++k);
                await run.AdvanceAsync();
            }
            await run.StopAsync();
            var stoppedAt = k;
            var replay = CheckpointFixture.BatchesOf(CheckpointFixture.ReadManifest(fixture.Manifests()[^1])).Select(batch => new Time(batch.TimeMs)).ToList();
            for (var g = 0; g < gap; g++)
            {
                FeedBatch(++k);
            }
            run = fixture.Open(Build, clockAt: CheckpointFixture.Batch(k).ToDateTimeOffset());
            Assert.True(run.Context.IsRecovering);
            run.Start();
            foreach (var time in replay.Concat(Enumerable.Range(stoppedAt + 1, k - stoppedAt).Select(i => CheckpointFixture.Batch(i))))
            {
                await run.WaitForAsync(time);
            }
        }
        for (; k < batches; )
        {
            FeedBatch(++k);
            await run.AdvanceAsync();
        }
        await run.StopAsync();
        return recorder;
    }

    /// <summary>Each batch's output as one sorted, comparable line ("-" when the output did not run).</summary>
    public static IReadOnlyList<string> Lines<T>(Recorder<T> recorder, int batches) =>
        [.. Enumerable.Range(1, batches).Select(k => recorder.Outputs.TryGetValue(CheckpointFixture.Batch(k), out var output)
            ? $"{k}: {string.Join(" ", output.Select(item => item?.ToString()).Order(StringComparer.Ordinal))}"
            : $"{k}: -")];
}

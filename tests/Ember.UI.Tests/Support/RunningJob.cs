using System.Collections.Concurrent;
using Ember.Streaming;

namespace Ember.UI.Tests.Support;

/// <summary>
/// A real job on the system clock with batches of 200 ms, its web UI on a free loopback port: a queue stream of words
/// whose running counts are kept by <c>UpdateStateByKey</c> (checkpointed every 400 ms) and a receiver of numbers.
/// Two output operations per batch. Shared by the API, metrics and browser tests.
/// </summary>
public sealed class RunningJob : IAsyncLifetime
{
    public static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(200);
    public static readonly string[] Words = ["ember", "spark", "stream", "batch", "state"];
    public const int WordsPerBatch = 40;
    public const string StateName = "word-counts";
    private readonly string checkpoint = Path.Combine(Path.GetTempPath(), $"ember-ui-test-{Guid.NewGuid():N}");

    public StreamingContext Context { get; private set; } = null!;

    public WebUI UI { get; private set; } = null!;

    public BatchRecorder Recorder { get; } = new();

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public string ApiBase => $"{UI.Address}api/v1/applications/{UI.ApplicationId}/streaming";

    public async Task InitializeAsync()
    {
        Context = new StreamingContext(new EmberOptions { Master = "local[2]", AppName = "ui-test-job" }, BatchInterval);
        Context.Checkpoint(checkpoint);
        var words = Context.QueueStream(
            new ConcurrentQueue<Rdd<string>>(),
            defaultRdd: Context.EmberContext.Parallelize(Enumerable.Range(0, WordsPerBatch).Select(i => Words[i % Words.Length])));
        words.Map(word => (word, 1))
            .UpdateStateByKey<string, int, int>((values, state) => Option.Some(state.GetValueOrDefault(0) + values.Sum()))
            .WithName(StateName)
            .Checkpoint(BatchInterval * 2)
            .ForEachRdd(rdd => rdd.Count());
        Context.ReceiverStream(new TickReceiver()).ForEachRdd(rdd => rdd.Count());
        UI = Context.UseWebUI(port: 0);
        Context.AddStreamingListener(Recorder);
        Context.Start();
        await Recorder.WaitForMoreBatchesAsync(3);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Context.StopAsync();
        await UI.DisposeAsync();
        if (Directory.Exists(checkpoint))
        {
            Directory.Delete(checkpoint, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RunningJobCollection : ICollectionFixture<RunningJob>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "running job";
}

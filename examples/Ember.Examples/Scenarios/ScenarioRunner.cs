using System.Collections.Concurrent;
using System.Globalization;
using Ember.Streaming;

namespace Ember.Examples.Scenarios;

/// <summary>
/// Runs a scenario on the real clock: its generator's batches are queued up front (one per batch interval, so the
/// output is the same on every run with the same seed), the job runs for the requested number of batches, or until
/// Ctrl+C, then stops gracefully; a failing job is reported with its message and exit code 1. The checkpoint its
/// windows and state need is a fresh directory, removed at the end.
/// </summary>
internal static class ScenarioRunner
{
    public static async Task<int> RunAsync(string name, ScenarioOptions options, Func<int, IEnumerable<string>> generate, Action<DStream<string>> build)
    {
        var checkpoint = Path.Combine(Path.GetTempPath(), "ember-examples", name, $"checkpoint-{Guid.NewGuid():N}");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, args) =>
        {
            args.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            await using var ssc = new StreamingContext(ExampleEngine.Options(name, options.Master), options.BatchInterval);
            ssc.Checkpoint(checkpoint);
            var queue = new ConcurrentQueue<Rdd<string>>();
            for (var batch = 0; batch < options.Batches; batch++)
            {
                queue.Enqueue(ssc.EmberContext.Parallelize(generate(batch).ToList(), 2));
            }
            build(ssc.QueueStream(queue));
            var countdown = new BatchCountdown(options.Batches);
            ssc.AddStreamingListener(countdown);
            Console.WriteLine($"{name}: {options.Batches} batches of {options.BatchInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s, generated data (seed {options.Seed}).");
            ssc.Start();
            try
            {
                await (await Task.WhenAny(countdown.Done, ssc.AwaitTerminationAsync(cancel.Token)).ConfigureAwait(false)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.WriteLine($"{name}: stopping (Ctrl+C).");
            }
            await ssc.StopAsync(graceful: true).ConfigureAwait(false);
            return 0;
        }
        catch (Exception error) when (error is not ArgumentException)
        {
            Console.Error.WriteLine($"{name} failed: {error.Message}");
            return 1;
        }
        finally
        {
            if (Directory.Exists(checkpoint))
            {
                Directory.Delete(checkpoint, recursive: true);
            }
        }
    }

    /// <summary>A batch time as the wall-clock time it stands for, for the console.</summary>
    public static string Stamp(Time time) => time.ToDateTimeOffset().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}

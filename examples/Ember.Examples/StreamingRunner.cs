using Ember.Streaming;

namespace Ember.Examples;

/// <summary>Runs a started streaming context until Ctrl+C (or a failure), then stops it gracefully.</summary>
internal static class StreamingRunner
{
    public static async Task<int> RunUntilCancelledAsync(StreamingContext ssc)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, args) =>
        {
            args.Cancel = true;
            cancel.Cancel();
        };
        ssc.Start();
        Console.Error.WriteLine("Running; press Ctrl+C to stop.");
        try
        {
            await ssc.AwaitTerminationAsync(cancel.Token);
            return 0;
        }
        catch (OperationCanceledException)
        {
            await ssc.StopAsync(graceful: true);
            return 0;
        }
    }

    public static string CheckpointDirectory(string example) =>
        Path.Combine(Path.GetTempPath(), "ember-examples", example, "checkpoint");
}

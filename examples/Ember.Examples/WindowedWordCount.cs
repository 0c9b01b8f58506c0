using Ember.Streaming;

namespace Ember.Examples;

/// <summary>
/// Word counts over a sliding window of text received over TCP, updated incrementally with an inverse function
/// (counts that fall to zero are dropped). Window and slide are in seconds, multiples of the 1 s batch.
/// </summary>
internal static class WindowedWordCount
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 4)
        {
            throw new ArgumentException("Usage: windowedwordcount <host> <port> <window-seconds> <slide-seconds>");
        }
        var window = Arguments.Seconds(args[2], "window-seconds");
        var slide = Arguments.Seconds(args[3], "slide-seconds");
        await using var ssc = new StreamingContext(new EmberOptions { AppName = "WindowedWordCount" }, TimeSpan.FromSeconds(1));
        ssc.Checkpoint(StreamingRunner.CheckpointDirectory("windowed-word-count"));
        ssc.SocketTextStream(args[0], Arguments.Port(args[1]))
           .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
           .Map(word => (word, 1))
           .ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, window, slide, filter: pair => pair.Value > 0)
           .Print();
        return await StreamingRunner.RunUntilCancelledAsync(ssc);
    }
}

using Ember.Streaming;

namespace Ember.Examples;

/// <summary>
/// Spark's StatefulNetworkWordCount: a running count of every word received over TCP, with MapWithState, starting
/// from hello = 1 and world = 1.
/// </summary>
internal static class StatefulNetworkWordCount
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2)
        {
            throw new ArgumentException("Usage: statefulnetworkwordcount <host> <port>");
        }
        await using var ssc = new StreamingContext(new EmberOptions { AppName = "StatefulNetworkWordCount" }, TimeSpan.FromSeconds(1));
        ssc.Checkpoint(StreamingRunner.CheckpointDirectory("stateful-network-word-count"));
        var initial = ssc.EmberContext.Parallelize(new[] { ("hello", 1), ("world", 1) });
        var spec = StateSpec.Function((string word, Option<int> one, State<int> state) =>
        {
            var sum = one.GetValueOrDefault(0) + state.GetOption().GetValueOrDefault(0);
            state.Update(sum);
            return (word, sum);
        }).InitialState(initial);
        ssc.SocketTextStream(args[0], Arguments.Port(args[1]))
           .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
           .Map(word => (word, 1))
           .MapWithState(spec)
           .Print();
        return await StreamingRunner.RunUntilCancelledAsync(ssc);
    }
}

using Ember.Streaming;

namespace Ember.Examples;

/// <summary>
/// Spark's NetworkWordCount: counts the words of each second's text received over TCP. Feed it with
/// <c>nc -lk 9999</c> and run <c>networkwordcount localhost 9999</c>.
/// </summary>
internal static class NetworkWordCount
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2)
        {
            throw new ArgumentException("Usage: networkwordcount <host> <port>");
        }
        await using var ssc = new StreamingContext(new EmberOptions { AppName = "NetworkWordCount" }, TimeSpan.FromSeconds(1));
        ssc.SocketTextStream(args[0], Arguments.Port(args[1]))
           .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
           .Map(word => (word, 1))
           .ReduceByKey((a, b) => a + b)
           .Print();
        return await StreamingRunner.RunUntilCancelledAsync(ssc);
    }
}

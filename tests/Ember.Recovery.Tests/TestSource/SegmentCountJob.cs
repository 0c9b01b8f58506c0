using Ember.Streaming;

namespace Ember.Recovery.Tests.TestSource;

/// <summary>
/// The entry point of this assembly when the crash tests run it as a program (the test host loads it as a library):
/// a job over <see cref="SegmentStream"/> that a test can kill with SIGKILL. Running word counts, saved every batch
/// under <c>&lt;output&gt;/counts-&lt;ms&gt;</c>, recovered with <see cref="StreamingContext.GetOrCreate"/>.
/// </summary>
public static class SegmentCountJob
{
    public const string Command = "segmentcount";

    public static async Task<int> Main(string[] args)
    {
        if (args is not [Command, var segments, var checkpoint, var output])
        {
            await Console.Error.WriteLineAsync($"Usage: {Command} <segments> <checkpoint> <output>");
            return 2;
        }
        var ssc = StreamingContext.GetOrCreate(checkpoint, () =>
        {
            var context = new StreamingContext(
                new EmberOptions { AppName = "SegmentCount", Master = "local[2]" },
                TimeSpan.FromMilliseconds(200),
                new StreamingOptions { StopGracefullyOnShutdown = true });
            new SegmentStream(context, segments).WithName("segments")
                .Map(word => (word, 1L))
                .UpdateStateByKey((IReadOnlyList<long> counts, Option<long> total) => Option.Some(total.GetValueOrDefault(0) + counts.Sum()))
                .SaveAsTextFiles(Path.Combine(output, "counts"));
            return context;
        });
        await using (ssc)
        {
            ssc.Start();
            await ssc.AwaitTerminationAsync();
        }
        return 0;
    }
}

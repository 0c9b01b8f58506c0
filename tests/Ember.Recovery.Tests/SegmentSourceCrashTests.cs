using Ember.Recovery.Tests.TestSource;

namespace Ember.Recovery.Tests;

/// <summary>
/// The bar for the public source contract: a source written in this test project against the public API only
/// (<see cref="SegmentStream"/>) survives SIGKILL. This assembly runs as the job's process, is killed at random
/// moments while segments are published, restarted each time, and its final counts equal the true totals.
/// </summary>
public sealed class SegmentSourceCrashTests : IDisposable
{
    private readonly CrashWorkspace workspace = new("ember-segment-crash");

    public void Dispose() => workspace.Dispose();

    [Fact]
    public async Task SegmentStream_KilledRepeatedlyWhileSegmentsArePublished_FinalCountsEqualTrueTotals()
    {
        var random = new Random(19);
        var (segments, staging, checkpoint, output) = (workspace.Dir("segments"), workspace.Dir("staging"), workspace.Dir("checkpoint"), workspace.Dir("output"));
        var expected = new Dictionary<string, long>();
        var contents = Enumerable.Range(0, 40).Select(_ => CrashWorkspace.RandomWords(random, 30, expected)).ToList();
        var pauses = contents.Select(_ => random.Next(20, 120)).ToList();
        string[] arguments = [SegmentCountJob.Command, segments, checkpoint, output];
        var jobOutput = JobOutput.CountDirectories(output);

        var process = ExampleProcess.StartTestJob(arguments);
        // Each segment is written aside, then published whole by a rename, as the source requires.
        var feeding = Task.Run(async () =>
        {
            for (var segment = 0; segment < contents.Count; segment++)
            {
                var staged = Path.Combine(staging, $"{segment}.txt");
                await File.WriteAllLinesAsync(staged, contents[segment]);
                File.Move(staged, SegmentStream.PathOf(segments, segment));
                await Task.Delay(TimeSpan.FromMilliseconds(pauses[segment]));
            }
        });

        await CrashWorkspace.CrashMidRunRepeatedlyThenVerifyAsync(process, arguments, random, feeding, jobOutput, expected, ExampleProcess.StartTestJob);
    }
}

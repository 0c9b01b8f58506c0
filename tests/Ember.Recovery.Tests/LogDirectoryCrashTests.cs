using System.Text;

namespace Ember.Recovery.Tests;

/// <summary>
/// Kills the logdirectory example (a custom direct source written against the public API only) with SIGKILL while
/// writers append to the files of its log directory and add new files, restarts it each time, and checks that its
/// final counts equal the true totals of the records written, which is what a run that never crashed writes: each
/// batch's byte ranges came back from the checkpoint, so no record is lost or counted twice.
/// </summary>
public sealed class LogDirectoryCrashTests : IDisposable
{
    private readonly CrashWorkspace workspace = new("ember-log-crash");

    public void Dispose() => workspace.Dispose();

    [Theory]
    [InlineData(3)]
    [InlineData(77)]
    public async Task LogDirectory_KilledRepeatedlyWhileFilesGrow_FinalCountsEqualTrueTotals(int seed)
    {
        var random = new Random(seed);
        var (log, checkpoint, output) = (workspace.Dir("log"), workspace.Dir("checkpoint"), workspace.Dir("output"));
        var expected = new Dictionary<string, long>();
        // Records "<word> <n>" appended to one of up to five files; later appends may start files that did not exist.
        var appends = Enumerable.Range(0, 40).Select(index =>
        {
            var file = Path.Combine(log, $"app-{random.Next(Math.Min(5, 1 + (index / 8)))}.log");
            var words = CrashWorkspace.RandomWords(random, 30, expected);
            var bytes = Encoding.UTF8.GetBytes(string.Concat(words.Select((word, n) => $"{word} {index}.{n}\n")));
            return (File: file, Bytes: bytes, Cut: random.Next(bytes.Length), Pause: random.Next(20, 120));
        }).ToList();
        string[] arguments = ["logdirectory", "--input", log, "--checkpoint", checkpoint, "--output", output, "--batch-interval", "200ms"];
        var jobOutput = JobOutput.CountDirectories(output);

        var process = ExampleProcess.Start(arguments);
        // Appended in two writes cut anywhere, so batches also find lines whose end has not been written yet.
        var feeding = Task.Run(async () =>
        {
            foreach (var (file, bytes, cut, pause) in appends)
            {
                await using (var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
                {
                    await stream.WriteAsync(bytes.AsMemory(0, cut));
                    await stream.FlushAsync();
                    await Task.Delay(TimeSpan.FromMilliseconds(5));
                    await stream.WriteAsync(bytes.AsMemory(cut));
                }
                await Task.Delay(TimeSpan.FromMilliseconds(pause));
            }
        });

        await CrashWorkspace.CrashMidRunRepeatedlyThenVerifyAsync(process, arguments, random, feeding, jobOutput, expected);
    }
}

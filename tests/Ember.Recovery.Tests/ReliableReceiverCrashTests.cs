using System.Text;

namespace Ember.Recovery.Tests;

/// <summary>
/// Kills the ReliableReceiverCount example with SIGKILL at random moments while lines keep being appended to the file
/// its reliable receiver tails, restarts it each time, and checks that its final counts equal the true totals: the
/// write-ahead log and the logged offsets lose no line and count none twice.
/// </summary>
public sealed class ReliableReceiverCrashTests : IDisposable
{
    private readonly CrashWorkspace workspace = new("ember-wal-crash");

    public void Dispose() => workspace.Dispose();

    [Theory]
    [InlineData(11)]
    [InlineData(2024)]
    public async Task ReliableReceiverCount_KilledRepeatedlyWhileLinesAreAppended_FinalCountsEqualTrueTotals(int seed)
    {
        var random = new Random(seed);
        var (checkpoint, output) = (workspace.Dir("checkpoint"), workspace.Dir("output"));
        var source = Path.Combine(workspace.Dir("source"), "words.txt");
        var expected = new Dictionary<string, long>();
        var appends = Enumerable.Range(0, 30).Select(_ =>
        {
            var words = Enumerable.Range(0, random.Next(1, 60)).Select(_ => CrashWorkspace.Vocabulary[random.Next(CrashWorkspace.Vocabulary.Length)]).ToList();
            foreach (var word in words)
            {
                expected[word] = expected.GetValueOrDefault(word) + 1;
            }
            return string.Concat(words.Select(word => word + "\n"));
        }).ToList();
        var pauses = appends.Select(_ => random.Next(20, 120)).ToList();
        string[] arguments = ["reliablereceivercount", "--source", source, "--checkpoint", checkpoint, "--output", output, "--batch-interval", "200ms"];

        var process = ExampleProcess.Start(arguments);
        // Appended in pieces, so the receiver also sees lines whose end has not been written yet.
        var feeding = Task.Run(async () =>
        {
            for (var i = 0; i < appends.Count; i++)
            {
                var bytes = Encoding.UTF8.GetBytes(appends[i]);
                var cut = bytes.Length / 2;
                await using (var file = new FileStream(source, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
                {
                    await file.WriteAsync(bytes.AsMemory(0, cut));
                    await file.FlushAsync();
                    await Task.Delay(TimeSpan.FromMilliseconds(5));
                    await file.WriteAsync(bytes.AsMemory(cut));
                }
                await Task.Delay(TimeSpan.FromMilliseconds(pauses[i]));
            }
        });

        try
        {
            await CrashWorkspace.CrashRepeatedlyThenVerifyAsync(
                process, arguments, random, 1300, feeding, JobOutput.CountDirectories(output), expected, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(15));
        }
        finally
        {
            await feeding.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}

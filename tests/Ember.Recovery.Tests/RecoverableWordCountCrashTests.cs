namespace Ember.Recovery.Tests;

/// <summary>
/// Kills the RecoverableWordCount example with SIGKILL at random moments while files keep arriving, restarts it each
/// time, and checks that its final counts equal the true totals: nothing lost, nothing counted twice.
/// </summary>
public sealed class RecoverableWordCountCrashTests : IDisposable
{
    private readonly CrashWorkspace workspace = new("ember-crash");

    public void Dispose() => workspace.Dispose();

    [Theory]
    [InlineData(7)]
    [InlineData(42)]
    public async Task RecoverableWordCount_KilledRepeatedlyWhileFilesArrive_FinalCountsEqualTrueTotals(int seed)
    {
        var random = new Random(seed);
        var (input, staging, checkpoint, output) = (workspace.Dir("input"), workspace.Dir("staging"), workspace.Dir("checkpoint"), workspace.Dir("output"));
        var expected = new Dictionary<string, long>();
        var files = Enumerable.Range(0, 24).Select(index =>
        {
            var words = Enumerable.Range(0, random.Next(1, 40)).Select(_ => CrashWorkspace.Vocabulary[random.Next(CrashWorkspace.Vocabulary.Length)]).ToList();
            foreach (var word in words)
            {
                expected[word] = expected.GetValueOrDefault(word) + 1;
            }
            return (Name: $"file-{index:D3}.txt", Text: string.Join('\n', words.Chunk(5).Select(line => string.Join(' ', line))));
        }).ToList();
        string[] arguments = ["recoverablewordcount", "--input", input, "--checkpoint", checkpoint, "--output", output, "--batch-interval", "200ms"];

        var process = ExampleProcess.Start(arguments);
        // A file stream ignores files that were there before the job first started (Spark's newFilesOnly): feed only
        // once the first run has written its initial checkpoint.
        await CrashWorkspace.WaitForAsync(() => Directory.EnumerateFiles(checkpoint, "checkpoint-*.json").Any(), TimeSpan.FromSeconds(30));
        var feeding = Task.Run(async () =>
        {
            foreach (var (name, text) in files)
            {
                var staged = Path.Combine(staging, name);
                await File.WriteAllTextAsync(staged, text);
                File.Move(staged, Path.Combine(input, name));
                await Task.Delay(TimeSpan.FromMilliseconds(150));
            }
        });

        await CrashWorkspace.CrashRepeatedlyThenVerifyAsync(
            process, arguments, random, 1500, feeding, JobOutput.CountDirectories(output), expected, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30));
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Ember.Hosting.Tests;

/// <summary>
/// The examples program's <c>hostedwordcount</c> (a job on the generic host) as a real child process: SIGTERM, as
/// systemd or Kubernetes send it, must stop it gracefully, with its last checkpoint written and exit code 0.
/// </summary>
public sealed class HostedWordCountProcessTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly string root = Path.Combine(Path.GetTempPath(), $"ember-hosted-{Guid.NewGuid():N}");

    [Fact]
    public async Task Sigterm_RunningHostedJob_StopsGracefullyExitsZeroWithCheckpoint()
    {
        Assert.False(OperatingSystem.IsWindows(), "POSIX signals: this test runs on Linux and macOS.");
        var input = Directory.CreateDirectory(Path.Combine(root, "in")).FullName;
        var output = Path.Combine(root, "out");
        var checkpoint = Path.Combine(root, "checkpoint");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { ExamplesPath(), "hostedwordcount", "--input", input, "--output", output, "--checkpoint", checkpoint, "--batch-interval", "200ms", "--master", "local[2]" })
        {
            info.ArgumentList.Add(argument);
        }
        var log = new ConcurrentQueue<string>();
        using var process = Process.Start(info)!;
        try
        {
            process.OutputDataReceived += (_, line) => { if (line.Data is not null) { log.Enqueue(line.Data); } };
            process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { log.Enqueue(line.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await UntilAsync(() => log.Any(line => line.Contains("Application started", StringComparison.Ordinal)), "the host to start", process, log);
            // Moved in whole after the start, as a file stream expects.
            var staged = Path.Combine(root, "words.txt");
            File.WriteAllText(staged, "to be or not to be\n");
            File.Move(staged, Path.Combine(input, "words.txt"));
            await UntilAsync(() => Directory.Exists(output) && Directory.GetDirectories(output, "counts-*")
                .Any(batch => Directory.GetFiles(batch, "part-*").Any(part => File.ReadAllText(part).Contains("(be, 2)", StringComparison.Ordinal))),
                "a batch to count the words", process, log);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            using var exit = new CancellationTokenSource(Deadline);
            await process.WaitForExitAsync(exit.Token);

            var lines = string.Join('\n', log);
            Assert.True(process.ExitCode == 0, $"Exit code {process.ExitCode}:\n{lines}");
            Assert.Contains("StreamingContext stopped gracefully", lines, StringComparison.Ordinal);
            // The last checkpoint covers the last batch that saved counts, and leaves no batch to run again.
            var lastSaved = Directory.GetDirectories(output, "counts-*").Max(batch => long.Parse(Path.GetFileName(batch)["counts-".Length..], CultureInfo.InvariantCulture));
            var (checkpointTime, unfinished) = Checkpoints.Newest(checkpoint);
            Assert.True(checkpointTime >= lastSaved, $"The last checkpoint ({checkpointTime}) is older than the last batch saved ({lastSaved}).");
            Assert.Empty(unfinished);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task UntilAsync(Func<bool> condition, string what, Process process, ConcurrentQueue<string> log)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited || deadline.Elapsed > Deadline)
            {
                throw new Xunit.Sdk.XunitException($"Gave up waiting for {what} (exited: {process.HasExited}):\n{string.Join('\n', log)}");
            }
            await Task.Delay(50);
        }
    }

    // The examples project is built with this one (same configuration); its output sits beside ours in its own bin.
    private static string ExamplesPath()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Ember.slnx")))
        {
            root = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(root)) ?? throw new InvalidOperationException("Repository root not found.");
        }
        var path = Path.Combine(root, "examples", "Ember.Examples", "bin", configuration, "net10.0", "Ember.Examples.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the examples first: '{path}' is missing.", path);
    }
}

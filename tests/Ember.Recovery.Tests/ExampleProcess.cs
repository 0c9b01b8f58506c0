using System.Diagnostics;

namespace Ember.Recovery.Tests;

/// <summary>The examples program run as a child process, so a test can kill it with SIGKILL like a crash.</summary>
internal sealed class ExampleProcess : IDisposable
{
    private readonly Process process;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output;

    private ExampleProcess(Process process, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        this.process = process;
        this.output = output;
    }

    /// <summary>Runs the examples program with <paramref name="arguments"/>.</summary>
    public static ExampleProcess Start(params string[] arguments) => Run(ExamplePath(), arguments);

    /// <summary>Runs this test assembly as a program (<see cref="TestSource.SegmentCountJob.Main"/>) with <paramref name="arguments"/>.</summary>
    public static ExampleProcess StartTestJob(params string[] arguments) => Run(typeof(ExampleProcess).Assembly.Location, arguments);

    private static ExampleProcess Run(string assembly, string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("The example process did not start.");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { output.Enqueue(line.Data); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { output.Enqueue(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ExampleProcess(process, output);
    }

    /// <summary>What the process printed so far (standard output and error), for failure messages.</summary>
    public string Output => string.Join('\n', output);

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The process id, to find its children or to kill it alone.</summary>
    public int Id => process.Id;

    /// <summary>
    /// SIGKILL to this process only, not its children: a driver dies the way a crash kills it, and the executors it
    /// started must notice and exit by themselves.
    /// </summary>
    public void KillAlone()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed, as in a machine or process crash.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }
        process.Dispose();
    }

    // The examples project is built with this one (same configuration); its output sits beside ours in its own bin.
    private static string ExamplePath()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Ember.slnx")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("Repository root not found.");
        }
        var path = Path.Combine(root, "examples", "Ember.Examples", "bin", configuration, "net10.0", "Ember.Examples.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the examples first: '{path}' is missing.", path);
    }
}

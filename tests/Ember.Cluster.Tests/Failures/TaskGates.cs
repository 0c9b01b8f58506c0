using System.Diagnostics;
using System.Globalization;

namespace Ember.Cluster.Tests.Failures;

/// <summary>A task passed a gate: which partition, in which process.</summary>
internal sealed record Arrival(int Partition, int ProcessId);

/// <summary>
/// Holds tasks at a point a test chooses, across processes, through files in a directory the driver and executors
/// share: a task records its arrival at a gate (partition and process id) and waits until the test opens the gate
/// for its partition or for all. A test thus knows which executor runs what, and kills one at a known moment.
/// </summary>
internal sealed class TaskGates : IDisposable
{
    /// <summary>How long a held task waits before it fails: a test that forgot a gate must not hang an executor.</summary>
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(60);

    public TaskGates()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"ember-gates-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The directory tasks are given (a string: it travels in their closures).</summary>
    public string Directory { get; }

    /// <summary>Runs in a task: records its arrival at <paramref name="gate"/>, then waits until the gate is open.</summary>
    public static void Pass(string directory, string gate, int partition)
    {
        File.WriteAllText(Path.Combine(directory, $"arrived.{gate}.{partition}.{Environment.ProcessId}.{Guid.NewGuid():N}"), "");
        var held = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(directory, $"open.{gate}")) && !File.Exists(Path.Combine(directory, $"open.{gate}.{partition}")))
        {
            if (held.Elapsed > MaxHold)
                throw new TimeoutException($"Gate {gate} stayed closed for partition {partition} for {MaxHold}.");
            Thread.Sleep(10);
        }
    }

    /// <summary>Lets every task through <paramref name="gate"/>, now and later.</summary>
    public void Open(string gate) => File.WriteAllText(Path.Combine(Directory, $"open.{gate}"), "");

    /// <summary>Lets the tasks of one partition through <paramref name="gate"/>.</summary>
    public void Open(string gate, int partition) => File.WriteAllText(Path.Combine(Directory, $"open.{gate}.{partition}"), "");

    /// <summary>Every arrival at <paramref name="gate"/> so far, in no particular order.</summary>
    public IReadOnlyList<Arrival> Arrivals(string gate) =>
        [.. System.IO.Directory.EnumerateFiles(Directory, $"arrived.{gate}.*")
            .Select(path => Path.GetFileName(path).Split('.'))
            .Select(parts => new Arrival(int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture)))];

    /// <summary>Waits until the arrivals at <paramref name="gate"/> satisfy <paramref name="enough"/>, polling until <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<Arrival>> WaitForArrivalsAsync(string gate, Func<IReadOnlyList<Arrival>, bool> enough, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var arrivals = Arrivals(gate);
            if (enough(arrivals))
                return arrivals;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Not {what} within {timeout}: arrivals at {gate} were {string.Join(", ", arrivals)}.");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A task of a process being killed may still write its arrival; the temp directory is cleaned later.
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ember.Recovery.Tests;

/// <summary>
/// The executor processes a driver on a <c>local-cluster</c> master started, read from the line its engine logs for
/// each ("Started executor 0 (1 cores) as process 1234"), and the checks that none outlives its driver.
/// </summary>
internal static partial class ExecutorProcesses
{
    /// <summary>Executor id to process id, for every executor the driver that printed <paramref name="driverOutput"/> started.</summary>
    public static IReadOnlyDictionary<string, int> Started(string driverOutput) =>
        StartedLine().Matches(driverOutput).ToDictionary(
            match => match.Groups["id"].Value, match => int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture));

    /// <summary>
    /// Whether <paramref name="pid"/> is still a running executor. A zombie counts as gone (it has exited; only its
    /// parent, perhaps killed, has not collected it), and so does a reused pid running something else.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The state follows the command name in parentheses, which may itself contain spaces.
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X') && File.ReadAllText($"/proc/{pid}/cmdline").Contains("Ember.Executor.dll", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits until none of <paramref name="pids"/> runs; returns those still running when <paramref name="timeout"/> passes.</summary>
    public static async Task<IReadOnlyList<int>> WaitForExitAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        var watched = pids.ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (watched.Any(IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        return watched.Where(IsAlive).ToList();
    }

    /// <summary>SIGKILL to one executor, by its pid, as a crash of its machine would.</summary>
    public static void Kill(int pid)
    {
        if (!IsAlive(pid))
        {
            return;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    [GeneratedRegex(@"Started executor (?<id>\S+) \(\d+ cores\) as process (?<pid>\d+)")]
    private static partial Regex StartedLine();
}

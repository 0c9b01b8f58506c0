using System.Runtime.InteropServices;

namespace Ember.Benchmarks.SideBySide;

/// <summary>What the results were measured on, and how busy the machine was (other processes make wall times noisy).</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(line => line.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} logical cores, {memory ?? "unknown"} memory; " +
               $"{RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}; server GC {System.Runtime.GCSettings.IsServerGC}";
    }

    /// <summary>The 1-, 5- and 15-minute load averages (Linux), or null.</summary>
    public static string? LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
}

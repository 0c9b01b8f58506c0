namespace Ember.Cluster.Tests.Scheduling;

/// <summary>The executor processes this test process started, found in /proc by parent id and command line.</summary>
internal static class ChildProcesses
{
    /// <summary>The process id of this process's executor <paramref name="executorId"/>, or null while there is none.</summary>
    public static int? Executor(string executorId)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] == "Z" || int.Parse(fields[1]) != Environment.ProcessId)
                {
                    continue;
                }
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                var id = Array.IndexOf(arguments, "--executor-id");
                if (arguments.Any(argument => argument.EndsWith("Ember.Executor.dll", StringComparison.Ordinal))
                    && id >= 0 && id + 1 < arguments.Length && arguments[id + 1] == executorId)
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }
        return null;
    }
}

using System.Runtime.InteropServices;

namespace Ember.Cluster.Tests.Control;

/// <summary>Sends POSIX signals to processes a test started (SIGSTOP freezes an executor without closing its sockets).</summary>
internal static class UnixSignals
{
    public const int SigKill = 9;
    public const int SigCont = 18;
    public const int SigStop = 19;

    public static void Send(int processId, int signal)
    {
        if (Kill(processId, signal) != 0)
            throw new InvalidOperationException($"kill({processId}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    /// <summary>Whether a process with this id still runs (signal 0 checks without sending; a zombie has exited).</summary>
    public static bool IsAlive(int processId)
    {
        if (Kill(processId, 0) != 0)
            return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);
}

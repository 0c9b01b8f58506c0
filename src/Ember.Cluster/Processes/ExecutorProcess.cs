using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Processes;

/// <summary>
/// One executor process started by the driver: its output goes to the driver's log, prefixed with the executor id,
/// and its last lines are kept to explain an early exit.
/// </summary>
internal sealed class ExecutorProcess : IDisposable
{
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private ExecutorProcess(string executorId, Process process)
    {
        ExecutorId = executorId;
        _process = process;
    }

    public string ExecutorId { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the process wrote (stdout and stderr), oldest first.</summary>
    public IReadOnlyList<string> OutputTail
    {
        get { lock (_tail) return [.. _tail]; }
    }

    public static ExecutorProcess Start(string executorId, ProcessStartInfo startInfo, ILogger logger)
    {
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var executor = new ExecutorProcess(executorId, process);
        process.OutputDataReceived += (_, e) => executor.Forward(e.Data, LogLevel.Information, logger);
        process.ErrorDataReceived += (_, e) => executor.Forward(e.Data, LogLevel.Warning, logger);
        process.Exited += (_, _) => logger.LogInformation("Executor {ExecutorId} (process {Pid}) exited with code {Code}",
            executorId, process.Id, process.ExitCode);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return executor;
    }

    /// <summary>Completes when the process has exited and its output has been read to the end.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Kills the process and any children it started (SIGKILL); nothing if it has already exited.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Forward(string? line, LogLevel level, ILogger logger)
    {
        if (line is null)
            return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > KeptLines)
                _tail.Dequeue();
        }
        logger.Log(level, "executor {ExecutorId}: {Line}", ExecutorId, line);
    }
}

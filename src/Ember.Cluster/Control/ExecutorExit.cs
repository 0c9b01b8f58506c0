namespace Ember.Cluster.Control;

/// <summary>Why an executor's endpoint ended.</summary>
internal enum ExecutorExitReason
{
    /// <summary>The driver asked it to stop (StopExecutor, or the driver's graceful stop).</summary>
    Stopped,

    /// <summary>The driver left, died or was cut off (the executor was downed by the split-brain resolver).</summary>
    DriverLost,

    /// <summary>The driver refused its registration.</summary>
    Refused,

    /// <summary>It never got registered (the driver could not be joined in time).</summary>
    NeverRegistered,

    /// <summary>
    /// The driver and this executor do not share the cluster's secret (another one, or one of them has none): the TLS
    /// handshake refused the driver, or the driver's address showed it before any connection.
    /// </summary>
    SecretMismatch,
}

/// <summary>How an executor's endpoint ended, and the process exit code that says so.</summary>
internal sealed record ExecutorExit(ExecutorExitReason Reason, string Message)
{
    /// <summary>0 for a requested stop; non-zero otherwise, so a supervisor can tell a refusal or a lost driver.</summary>
    public int ExitCode => Reason switch
    {
        ExecutorExitReason.Stopped => 0,
        ExecutorExitReason.DriverLost => 1,
        ExecutorExitReason.Refused => 2,
        ExecutorExitReason.SecretMismatch => 4,
        _ => 3,
    };
}

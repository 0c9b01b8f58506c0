namespace Ember.Cluster;

/// <summary>
/// A task failed on an executor. The exception itself stays there (its type may not even load on the driver): this
/// carries its type name and its text, stack trace included, as Spark's driver reports an executor's exception.
/// </summary>
public sealed class RemoteTaskException : Exception
{
    internal RemoteTaskException(string executorId, string? errorType, string? errorText)
        : base($"{errorType ?? "Exception"} on executor {executorId}: {errorText}")
    {
        ExecutorId = executorId;
        RemoteType = errorType;
    }

    /// <summary>The executor the task failed on.</summary>
    public string ExecutorId { get; }

    /// <summary>The full name of the exception's type on the executor.</summary>
    public string? RemoteType { get; }
}

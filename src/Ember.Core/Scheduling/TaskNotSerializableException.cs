namespace Ember.Scheduling;

/// <summary>
/// A job's functions, or the values they capture, cannot be sent to executors (Spark's "Task not serializable").
/// Thrown on the driver when the job is submitted, before any task runs, and never retried: the job fails with it
/// as the inner exception of its <see cref="JobFailedException"/>. Only cluster masters serialize tasks: on
/// <c>local[N]</c> the same job runs. The message names the path from the RDD to
/// the offending value: the RDD, the function (a lambda is shown as <c>&lt;lambda in Type.Method&gt;</c> with its
/// compiler name), the captured field, and the type that cannot travel, followed by how to fix it.
/// </summary>
/// <remarks>
/// A function travels as its method's identity plus the object it is bound to: for a lambda, the compiler's closure
/// object holding the captured variables. Every lambda of one scope shares one closure object, so a lambda carries
/// the variables its neighbours captured too; declaring a variable inside a block around the lambda that uses it
/// keeps it out of the others. An instance method, or a lambda using a member of its class, carries <c>this</c>:
/// the whole object travels, and every field of it must be serializable (or marked <c>[NonSerialized]</c>).
/// Values that hold something alive in the driver process (streams, sockets, threads, tasks, loggers, handles,
/// database connections, a <c>StreamingContext</c> or <c>DStream</c>, another <c>EmberContext</c>) are refused.
/// </remarks>
public sealed class TaskNotSerializableException : Exception
{
    /// <summary>Creates the exception with a message naming the path to <paramref name="offendingType"/>.</summary>
    /// <param name="message">The full message, path and fix included.</param>
    /// <param name="offendingType">The type of the value that cannot be sent.</param>
    /// <param name="innerException">The failure that revealed it, if any.</param>
    internal TaskNotSerializableException(string message, Type offendingType, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(offendingType);
        OffendingType = offendingType;
    }

    /// <summary>The type of the value that cannot be sent to an executor.</summary>
    public Type OffendingType { get; }
}

namespace Ember.Scheduling;

/// <summary>
/// A stage's functions cannot be sent to an executor (Spark's "Task not serializable"): a function captures a value
/// that cannot cross a process boundary. Thrown on the driver when the stage is submitted, before any task runs, and
/// never retried; the message names the RDD, the function, the captured field and its type. Only cluster masters
/// serialize tasks: on <c>local[N]</c> the same job runs.
/// </summary>
public sealed class TaskNotSerializableException : Exception
{
    internal TaskNotSerializableException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

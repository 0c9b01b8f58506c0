using System.Reflection;

namespace Ember.Cluster.Scheduling;

/// <summary>
/// Turns a task's failure reported by an executor back into an exception on the driver: of the same type, with the
/// same message, when that type loads here and can be built from a message (so code that catches the user's
/// exception type keeps working on a cluster), with the executor's text (its stack trace) as the inner
/// <see cref="RemoteTaskException"/>; else the <see cref="RemoteTaskException"/> itself.
/// </summary>
/// <remarks>Type names come only from executors admitted by the control plane, and only exception types are built.</remarks>
internal static class RemoteExceptions
{
    public static Exception Rebuild(string executorId, string? errorType, string? errorMessage, string? errorText)
    {
        var remote = new RemoteTaskException(executorId, errorType, errorText ?? errorMessage);
        if (errorType is null || Resolve(errorType) is not { } type)
        {
            return remote;
        }
        try
        {
            if (type.GetConstructor([typeof(string), typeof(Exception)]) is { } withInner)
            {
                return (Exception)withInner.Invoke([errorMessage, remote]);
            }
            if (type.GetConstructor([typeof(string)]) is { } withMessage)
            {
                return (Exception)withMessage.Invoke([errorMessage]);
            }
        }
        catch (TargetInvocationException)
        {
            // A constructor that validates its message its own way: the remote exception says it all.
        }
        return remote;
    }

    private static Type? Resolve(string name)
    {
        try
        {
            var type = Type.GetType(name, throwOnError: false);
            return type is not null && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract ? type : null;
        }
        catch (Exception error) when (error is FileLoadException or BadImageFormatException or ArgumentException)
        {
            return null;
        }
    }
}

namespace Ember.Cluster.Closures;

/// <summary>
/// Types that hold something alive in this process (a handle, a connection, a thread, a logger) or that belong to the
/// streaming layer's driver-side graph: sending them would at best copy a dead shell, so they are refused by name,
/// including the application's own subclasses of them.
/// </summary>
internal static class Refusals
{
    private static readonly Dictionary<string, string> ByBaseType = new()
    {
        ["System.IO.Stream"] = "a stream, open in this process only",
        ["System.Net.Sockets.Socket"] = "a socket, connected in this process only",
        ["System.Net.Sockets.TcpClient"] = "a TCP client, connected in this process only",
        ["System.Net.Http.HttpMessageInvoker"] = "an HTTP client, with connections of this process",
        ["System.Runtime.InteropServices.SafeHandle"] = "an operating-system handle of this process",
        ["System.Runtime.InteropServices.CriticalHandle"] = "an operating-system handle of this process",
        ["System.Threading.WaitHandle"] = "an operating-system wait handle of this process",
        ["System.Threading.Thread"] = "a thread of this process",
        ["System.Threading.Timer"] = "a timer of this process",
        ["System.Threading.Tasks.Task"] = "a running task of this process",
        ["System.Threading.CancellationTokenSource"] = "a cancellation source, which signals in this process only",
        ["System.Threading.CancellationToken"] = "a cancellation token, which signals in this process only",
        ["System.Data.Common.DbConnection"] = "a database connection of this process",
        ["System.Diagnostics.Process"] = "a process handle",
        ["System.Reflection.Assembly"] = "a loaded assembly",
        ["System.Runtime.Loader.AssemblyLoadContext"] = "an assembly load context",
    };

    private static readonly Dictionary<string, string> ByInterface = new()
    {
        ["Microsoft.Extensions.Logging.ILogger"] = "a logger, whose providers write in this process; create a logger on the executor instead",
        ["Microsoft.Extensions.Logging.ILoggerFactory"] = "a logger factory, whose providers write in this process",
        ["System.IServiceProvider"] = "a service provider, whose services live in this process",
        ["System.Data.IDbConnection"] = "a database connection of this process",
    };

    /// <summary>Why <paramref name="type"/> must not travel, or null when it may.</summary>
    public static string? ReasonFor(Type type)
    {
        if (type.IsPointer || type.IsFunctionPointer || type.IsByRef || type == typeof(IntPtr) || type == typeof(UIntPtr))
        {
            return "a native pointer or handle, meaningful only inside this process";
        }
        if (IsStreamingGraph(type))
        {
            return "part of the streaming graph: a DStream cannot be used inside an RDD function, which runs on executors; " +
                   "use the RDD the stream hands to Transform or ForEachRdd instead";
        }
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.FullName is { } name && ByBaseType.TryGetValue(name, out var reason))
            {
                return reason;
            }
        }
        foreach (var contract in type.GetInterfaces())
        {
            if (contract.FullName is { } name && ByInterface.TryGetValue(name, out var reason))
            {
                return reason;
            }
        }
        return null;
    }

    // Checked by name: Ember.Cluster does not reference Ember.Streaming (streaming sits above the engine).
    private static bool IsStreamingGraph(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var name = (current.IsGenericType ? current.GetGenericTypeDefinition() : current).FullName;
            if (name is not null && name.StartsWith("Ember.Streaming.", StringComparison.Ordinal)
                && (name == "Ember.Streaming.StreamingContext" || current.Name.StartsWith("DStream", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }
}

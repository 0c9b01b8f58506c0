using Microsoft.Extensions.Logging;

namespace Ember.Examples;

/// <summary>The engine options of the streaming examples: their master and, on a cluster master, a console log of the engine.</summary>
internal static class ExampleEngine
{
    // One for the process: an example runs one context at a time, restarts included, and never needs a second log.
    private static readonly Lazy<ILoggerFactory> ClusterLog = new(() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Warning)
        .AddFilter("Ember", LogLevel.Information)
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        })));

    /// <summary>Options for a context named <paramref name="appName"/> on <paramref name="master"/> (checked by <see cref="Arguments.Master"/>).</summary>
    public static EmberOptions Options(string appName, string master) => new()
    {
        AppName = appName,
        Master = master,
        // On a cluster the engine says which executor processes it started (with their process ids), which joined,
        // which were lost and which replaced them; in one process it has nothing to add to the job's own lines.
        LoggerFactory = IsLocal(master) ? null : ClusterLog.Value,
    };

    private static bool IsLocal(string master) => master == "local" || master.StartsWith("local[", StringComparison.Ordinal);
}

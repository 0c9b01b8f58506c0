using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Tests.Failures;

/// <summary>One message a logger wrote, with its structured values (the template's named holes).</summary>
internal sealed record LogEntry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values);

/// <summary>Keeps every message the driver logs, so a test can see what the engine did without hooks of its own.</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly List<LogEntry> entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get { lock (entries) return [.. entries]; }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.First().Value)
                : [];
            lock (recorder.entries)
                recorder.entries.Add(new LogEntry(category, logLevel, formatter(state, exception), values));
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Tests.Security;

/// <summary>Keeps every log line with its level, for tests that assert what a node said.</summary>
internal sealed class RecordingLogger : ILogger, ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> lines = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Enqueue((logLevel, formatter(state, exception)));

    public void Dispose()
    {
    }
}

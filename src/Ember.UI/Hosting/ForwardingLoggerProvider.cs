using Microsoft.Extensions.Logging;

namespace Ember.UI.Hosting;

/// <summary>
/// Hands the server's warnings and errors (a failing request, a bind problem) to the job's logger, and drops the rest:
/// the job's log is about batches, not about every request the page's polling makes.
/// </summary>
internal sealed class ForwardingLoggerProvider(ILogger target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Forwarder(target);

    public void Dispose()
    {
    }

    private sealed class Forwarder(ILogger target) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => target.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && target.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                target.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}

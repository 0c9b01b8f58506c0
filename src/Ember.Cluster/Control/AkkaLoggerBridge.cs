using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Cluster.Control;

/// <summary>Hands an <see cref="ILoggerFactory"/> to the actor system, where <see cref="AkkaLoggerBridge"/> finds it.</summary>
internal sealed class LoggerFactorySetup(ILoggerFactory loggerFactory) : Setup
{
    public ILoggerFactory LoggerFactory { get; } = loggerFactory;
}

/// <summary>
/// Akka's logger, writing Akka's own events to Microsoft.Extensions.Logging under the category "Akka"; silent when the
/// system was started without a <see cref="LoggerFactorySetup"/>. Akka creates it by type name from the HOCON.
/// </summary>
internal sealed class AkkaLoggerBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public AkkaLoggerBridge()
    {
        var setup = Context.System.Settings.Setup.Get<LoggerFactorySetup>();
        var factory = setup.HasValue ? setup.Value.LoggerFactory : NullLoggerFactory.Instance;
        var logger = factory.CreateLogger("Akka");
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e =>
        {
            var level = e.LogLevel() switch
            {
                Akka.Event.LogLevel.ErrorLevel => Microsoft.Extensions.Logging.LogLevel.Error,
                Akka.Event.LogLevel.WarningLevel => Microsoft.Extensions.Logging.LogLevel.Warning,
                Akka.Event.LogLevel.InfoLevel => Microsoft.Extensions.Logging.LogLevel.Information,
                _ => Microsoft.Extensions.Logging.LogLevel.Debug,
            };
            var cause = e is Error error ? error.Cause : null;
            // Akka reports every peer that goes away (an executor leaving, a killed one) as a failed endpoint writer:
            // expected in a cluster whose executors come and go, and the driver logs the executor's removal itself.
            if (cause?.GetType().FullName == "Akka.Remote.EndpointDisassociatedException") // internal to Akka.Remote
                level = Microsoft.Extensions.Logging.LogLevel.Information;
            if (!logger.IsEnabled(level))
                return;
            logger.Log(level, cause, "[{Source}] {Message}", e.LogSource, e.Message?.ToString());
        });
    }
}

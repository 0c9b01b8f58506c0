using Ember.Cluster.Control;
using Ember.Cluster.Executors;
using Ember.Cluster.Security;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Processes;

/// <summary>
/// The executor process's program, run by Ember.Executor.dll (found there by name): starts the executor's services
/// and its control endpoint, and returns the process exit code once the driver stopped it, refused it or is gone.
/// The same entry starts executors on other machines: the application's directory, then
/// <c>dotnet exec --depsfile App.deps.json --runtimeconfig App.runtimeconfig.json Ember.Executor.dll --driver ...</c>,
/// with the driver's shared secret, if it has one, in the environment variable EMBER_AUTH_SECRET.
/// </summary>
internal static class ExecutorProgram
{
    /// <summary>Exit code for a command line that cannot be parsed (sysexits' EX_USAGE).</summary>
    public const int UsageExitCode = 64;

    public static async Task<int> RunAsync(string[] args)
    {
        ExecutorArguments arguments;
        try
        {
            arguments = ExecutorArguments.Parse(args);
            // The secret comes in the environment, never on the command line, which any local user can read.
            var secret = ClusterSecret.FromEnvironment();
            arguments = arguments with
            {
                DriverAddress = DriverAddresses.Resolve(arguments.DriverAddress, tls: secret is not null),
                Options = arguments.Options with { Secret = secret },
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return UsageExitCode;
        }
        // Lines on stdout: the launcher forwards them to the driver's log, prefixed with the executor id.
        using var loggerFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Information)
            // The block service's host logs four lines per gRPC request at Information: a flood in the driver's log.
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }));
        var logger = loggerFactory.CreateLogger("Ember.Cluster.ExecutorProgram");
        // The block service starts before the endpoint: its port is part of the registration, so the driver learns
        // where this executor serves its shuffle blocks and big results.
        ClusterSecret.WarnIfExposed(arguments.Options.Secret, arguments.Options.BindHost, logger);
        await using var runtime = await ExecutorRuntime.StartAsync(arguments.ExecutorId, arguments.Cores, arguments.Options.BindHost, loggerFactory,
            arguments.Options.Secret, arguments.Options.BlockStoreMemory).ConfigureAwait(false);
        var identity = new ExecutorIdentity(arguments.DriverAddress, arguments.ExecutorId, arguments.Cores, runtime.BlockPeer.Port);
        ExecutorEndpoint endpoint;
        try
        {
            endpoint = ExecutorEndpoint.Start(identity, runtime, arguments.Options, loggerFactory: loggerFactory);
        }
        catch (SecretMismatchException e)
        {
            var refused = new ExecutorExit(ExecutorExitReason.SecretMismatch, e.Message);
            logger.LogError("Executor {ExecutorId} exits with code {Code}: {Message}", arguments.ExecutorId, refused.ExitCode, refused.Message);
            return refused.ExitCode;
        }
        logger.LogInformation("Executor {ExecutorId} ({Cores} cores) started at {Address}, joining {Driver}",
            arguments.ExecutorId, arguments.Cores, endpoint.Address, arguments.DriverAddress);
        var exit = await endpoint.WhenTerminated.ConfigureAwait(false);
        if (exit.ExitCode == 0)
            logger.LogInformation("Executor {ExecutorId} exits: {Message}", arguments.ExecutorId, exit.Message);
        else
            logger.LogError("Executor {ExecutorId} exits with code {Code}: {Message}", arguments.ExecutorId, exit.ExitCode, exit.Message);
        return exit.ExitCode;
    }
}

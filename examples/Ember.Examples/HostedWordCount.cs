using Ember.Configuration;
using Ember.Hosting;
using Ember.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ember.Examples;

/// <summary>
/// RecoverableWordCount on the .NET generic host: the job is an <see cref="IStreamingJob"/> resolved from dependency
/// injection, its settings come from configuration (command line, environment variables <c>Ember__Master</c>,
/// appsettings.json, or a spark-defaults.conf), and SIGTERM or Ctrl+C stop it gracefully: the last batch completes,
/// its checkpoint is written, and the process exits 0. A failed batch exits 1.
/// </summary>
internal sealed class HostedWordCount(IConfiguration configuration) : IStreamingJob
{
    public const string Usage = "hostedwordcount --input <dir> --output <dir> --checkpoint <dir> [--batch-interval 1s] [--master local[2]] [--spark-defaults file] [--Ember:key value | --spark.key value ...]";

    // Short switches for the configuration keys an operator sets most.
    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--input"] = "HostedWordCount:Input",
        ["--output"] = "HostedWordCount:Output",
        ["--checkpoint"] = "Ember:Streaming:CheckpointDirectory",
        ["--batch-interval"] = "Ember:Streaming:BatchInterval",
        ["--master"] = "Ember:Master",
        ["--spark-defaults"] = "HostedWordCount:SparkDefaults",
    };

    public void Define(StreamingContext context)
    {
        var job = new RecoverableJobArguments(Required("Input"), context.CheckpointDirectory!, Required("Output"), context.BatchInterval);
        job.SaveRunningTotals(context.TextFileStream(job.Source)
            .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Map(word => (word, 1L)));
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Any(arg => arg is "-h" or "--help"))
        {
            throw new HelpRequestedException(Usage);
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        var commandLine = new ConfigurationBuilder().AddCommandLine(args, Switches).Build();
        if (commandLine["HostedWordCount:SparkDefaults"] is { } sparkDefaults)
        {
            builder.Configuration.AddSparkDefaults(sparkDefaults);
        }
        // Last, so the command line overrides appsettings.json, the environment and spark-defaults.conf.
        builder.Configuration.AddConfiguration(commandLine);
        builder.Services.AddEmberStreaming<HostedWordCount>(options =>
        {
            options.BatchInterval ??= TimeSpan.FromSeconds(1);
            if (options.CheckpointDirectory is null)
            {
                throw new ArgumentException($"--checkpoint is required. {Usage}");
            }
        });
        builder.Services.AddHealthChecks().AddEmberStreamingHealthCheck();
        using var host = builder.Build();
        try
        {
            await host.RunAsync();
        }
        catch (EmberConfigurationException error)
        {
            // The host has logged it with its stack; the operator needs only the keys.
            Console.Error.WriteLine(error.Message);
            return 2;
        }
        return Environment.ExitCode;
    }

    private string Required(string name) =>
        configuration[$"HostedWordCount:{name}"] ?? throw new ArgumentException($"--{name.ToLowerInvariant()} is required. {Usage}");
}

using Ember.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Ember.Configuration;

/// <summary>Binds <see cref="EmberOptions"/> from <c>IConfiguration</c>.</summary>
public static class EmberConfiguration
{
    private static readonly OptionsBinding<EmberOptions> Binding = new OptionsBinding<EmberOptions>(SparkKeys.EmberSection)
        .Add<string>(nameof(EmberOptions.Master), (options, master) =>
        {
            // Checked now, so a bad master names its configuration key rather than failing the context later.
            MasterUrl.Parse(master);
            options.Master = master.Trim();
        })
        .Add<string>(nameof(EmberOptions.AppName), (options, name) => options.AppName = name)
        .Add<int>(nameof(EmberOptions.DefaultParallelism), (options, partitions) =>
            options.DefaultParallelism = partitions >= 1 ? partitions : throw new ArgumentOutOfRangeException(nameof(partitions), partitions, "at least 1 partition."))
        .Add<int>(nameof(EmberOptions.MaxTaskAttempts), (options, attempts) =>
            options.MaxTaskAttempts = attempts >= 1 ? attempts : throw new ArgumentOutOfRangeException(nameof(attempts), attempts, "at least 1 attempt."))
        .Add<string>(nameof(EmberOptions.LocalDirectory), (options, directory) => options.LocalDirectory = directory)
        .Add<bool>(nameof(EmberOptions.CleanCheckpoints), (options, clean) => options.CleanCheckpoints = clean)
        .Add<bool>(nameof(EmberOptions.ShowConsoleProgress), (options, show) => options.ShowConsoleProgress = show)
        .AddSubsection(SettingsSection)
        .AddSubsection("Streaming")
        .AddSubsection("Kafka");

    private const string SettingsSection = "Settings";

    /// <summary>
    /// The <see cref="EmberOptions"/> that <paramref name="configuration"/> (the application's root configuration)
    /// describes, starting from the defaults. Layout: <c>Ember:Master</c>, <c>Ember:AppName</c>,
    /// <c>Ember:DefaultParallelism</c>, <c>Ember:MaxTaskAttempts</c>, <c>Ember:LocalDirectory</c>,
    /// <c>Ember:CleanCheckpoints</c>, <c>Ember:ShowConsoleProgress</c>; <c>Ember:Settings:&lt;key&gt;</c>, any <c>ember.</c>
    /// key at the root or in the Ember section, and the Spark keys of <see cref="SparkKeys.Settings"/>, go to
    /// <see cref="EmberOptions.Settings"/>; the Spark keys of <see cref="SparkKeys.Supported"/>
    /// are accepted too (<c>spark.master</c>, <c>spark.app.name</c>, ...). <c>Ember:Streaming</c> and
    /// <c>Ember:Kafka</c> belong to <c>GetStreamingOptions</c> and <c>GetKafkaStreamOptions</c>.
    /// </summary>
    /// <remarks>
    /// This call also checks every Spark key of the configuration, for all of Ember: one Ember ignores knowingly
    /// (<c>spark.executor.memory</c>) is logged as a warning through <paramref name="loggerFactory"/>, with the reason;
    /// an unknown one is an error. Throws an <see cref="EmberConfigurationException"/> naming each unknown key under
    /// <c>Ember</c>, each unknown Spark key, and each bad value with the value.
    /// </remarks>
    /// <param name="configuration">The application's configuration, at its root.</param>
    /// <param name="loggerFactory">Where warnings go; also set as <see cref="EmberOptions.LoggerFactory"/>.</param>
    public static EmberOptions GetEmberOptions(this IConfiguration configuration, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new EmberOptions { LoggerFactory = loggerFactory };
        var problems = Binding.TryBind(configuration, options);
        var (ignored, unknown) = SparkKeys.Check(configuration);
        problems.AddRange(unknown);
        if (problems.Count > 0)
        {
            throw new EmberConfigurationException(problems);
        }
        if (ignored.Count > 0 && loggerFactory?.CreateLogger(typeof(EmberConfiguration).FullName!) is { } logger)
        {
            foreach (var key in ignored)
            {
                logger.LogWarning("Configuration key {Key} {Reason}", key.Key, key.Message);
            }
        }
        var ember = configuration.GetSection(SparkKeys.EmberSection);
        var settings = configuration.GetChildren().Concat(ember.GetChildren())
            .Where(entry => entry.Key.StartsWith(SparkKeys.EmberSettingsPrefix, StringComparison.OrdinalIgnoreCase) || SparkKeys.IsSetting(entry.Key))
            .Concat(ember.GetSection(SettingsSection).GetChildren());
        foreach (var setting in settings.Where(entry => entry.Value is not null))
        {
            options.Settings[setting.Key] = setting.Value!;
        }
        return options;
    }
}

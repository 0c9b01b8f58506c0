using Ember.Configuration;
using Ember.Streaming;
using Ember.Streaming.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Ember.Hosting.Tests;

public sealed class ConfigurationBindingTests
{
    [Fact]
    public void GetEmberOptions_EmberNames_EqualOptionsBuiltInCode()
    {
        var configuration = Build(new()
        {
            ["Ember:Master"] = "local[4]",
            ["Ember:AppName"] = "Clicks",
            ["Ember:DefaultParallelism"] = "8",
            ["Ember:MaxTaskAttempts"] = "2",
            ["Ember:LocalDirectory"] = "/var/tmp/ember",
            ["Ember:CleanCheckpoints"] = "true",
            ["Ember:ShowConsoleProgress"] = "false",
            ["Ember:Settings:ember.cluster.heartbeatPause"] = "10s",
            ["Ember:Settings:spark.graphx.pregel.checkpointInterval"] = "5",
        });
        AssertEqual(ClicksInCode(), configuration.GetEmberOptions());
    }

    [Fact]
    public void GetEmberOptions_SparkKeysAtRoot_EqualOptionsBuiltInCode()
    {
        var configuration = Build(new()
        {
            ["spark.master"] = "local[4]",
            ["spark.app.name"] = "Clicks",
            ["spark.default.parallelism"] = "8",
            ["spark.task.maxFailures"] = "2",
            ["spark.local.dir"] = "/var/tmp/ember",
            ["spark.cleaner.referenceTracking.cleanCheckpoints"] = "TRUE",
            ["spark.ui.showConsoleProgress"] = "false",
            ["ember.cluster.heartbeatPause"] = "10s",
            ["spark.graphx.pregel.checkpointInterval"] = "5",
        });
        AssertEqual(ClicksInCode(), configuration.GetEmberOptions());
    }

    [Fact]
    public void GetEmberOptions_EmberNameAndSparkKey_EmberNameWins()
    {
        var configuration = Build(new() { ["spark.master"] = "local[2]", ["Ember:spark.master"] = "local[3]", ["Ember:Master"] = "local[4]" });

        Assert.Equal("local[4]", configuration.GetEmberOptions().Master);
        Assert.Equal("local[3]", Build(new() { ["spark.master"] = "local[2]", ["Ember:spark.master"] = "local[3]" }).GetEmberOptions().Master);
    }

    [Fact]
    public void GetStreamingOptions_SparkKeysAndFormats_EqualOptionsBuiltInCode()
    {
        var spark = Build(new()
        {
            ["Ember:Streaming:BatchInterval"] = "10s",
            ["spark.streaming.blockInterval"] = "100",
            ["spark.streaming.concurrentJobs"] = "2",
            ["spark.streaming.gracefulStopTimeout"] = "1m",
            ["spark.streaming.receiverRestartDelay"] = "500ms",
            ["spark.streaming.receiver.maxRate"] = "1000",
            ["spark.streaming.backpressure.enabled"] = "true",
            ["spark.streaming.backpressure.initialRate"] = "200",
            ["spark.streaming.backpressure.pid.proportional"] = "0.5",
            ["spark.streaming.backpressure.pid.integral"] = "0.1",
            ["spark.streaming.backpressure.pid.derived"] = "0.05",
            ["spark.streaming.backpressure.pid.minRate"] = "10",
            ["spark.streaming.stopGracefullyOnShutdown"] = "true",
            ["spark.streaming.receiver.writeAheadLog.enable"] = "true",
        });
        var ember = Build(new()
        {
            ["Ember:Streaming:BatchInterval"] = "00:00:10",
            ["Ember:Streaming:BlockInterval"] = "00:00:00.100",
            ["Ember:Streaming:ConcurrentJobs"] = "2",
            ["Ember:Streaming:GracefulStopTimeout"] = "00:01:00",
            ["Ember:Streaming:ReceiverRestartDelay"] = "500ms",
            ["Ember:Streaming:ReceiverMaxRate"] = "1000",
            ["Ember:Streaming:BackpressureEnabled"] = "True",
            ["Ember:Streaming:BackpressureInitialRate"] = "200",
            ["Ember:Streaming:BackpressureProportional"] = "0.5",
            ["Ember:Streaming:BackpressureIntegral"] = "0.1",
            ["Ember:Streaming:BackpressureDerivative"] = "0.05",
            ["Ember:Streaming:BackpressureMinRate"] = "10",
            ["Ember:Streaming:StopGracefullyOnShutdown"] = "true",
            ["Ember:Streaming:WriteAheadLog"] = "true",
        });
        var inCode = new StreamingOptions
        {
            BlockInterval = TimeSpan.FromMilliseconds(100), ConcurrentJobs = 2, GracefulStopTimeout = TimeSpan.FromMinutes(1),
            ReceiverRestartDelay = TimeSpan.FromMilliseconds(500), ReceiverMaxRate = 1000, BackpressureEnabled = true, BackpressureInitialRate = 200,
            BackpressureProportional = 0.5, BackpressureIntegral = 0.1, BackpressureDerivative = 0.05, BackpressureMinRate = 10,
            StopGracefullyOnShutdown = true, WriteAheadLog = true,
        };

        foreach (var configuration in new[] { spark, ember })
        {
            Assert.Equivalent(inCode, configuration.GetStreamingOptions(), strict: true);
            Assert.Equal(TimeSpan.FromSeconds(10), configuration.GetBatchInterval());
        }
    }

    [Fact]
    public void GetKafkaStreamOptions_SparkKeysAndEmberNames_EqualOptionsBuiltInCode()
    {
        var spark = Build(new()
        {
            ["spark.streaming.kafka.maxRatePerPartition"] = "500",
            ["spark.streaming.kafka.consumer.poll.ms"] = "2000",
            ["spark.streaming.kafka.consumer.cache.enabled"] = "false",
            ["Ember:Kafka:RetryTimeout"] = "5m",
            ["Ember:Kafka:OnOffsetOutOfRange"] = "resettoearliest",
        });
        var ember = Build(new()
        {
            ["Ember:Kafka:MaxRatePerPartition"] = "500",
            ["Ember:Kafka:PollTimeout"] = "2s",
            ["Ember:Kafka:CacheConsumers"] = "false",
            ["Ember:Kafka:RetryTimeout"] = "00:05:00",
            ["Ember:Kafka:OnOffsetOutOfRange"] = "ResetToEarliest",
        });
        var inCode = new KafkaStreamOptions
        {
            MaxRatePerPartition = 500, PollTimeout = TimeSpan.FromSeconds(2), CacheConsumers = false, RetryTimeout = TimeSpan.FromMinutes(5),
            OnOffsetOutOfRange = OffsetOutOfRangePolicy.ResetToEarliest,
        };

        Assert.Equivalent(inCode, spark.GetKafkaStreamOptions(), strict: true);
        Assert.Equivalent(inCode, ember.GetKafkaStreamOptions(), strict: true);
    }

    [Fact]
    public void GetStreamingOptions_UnknownKey_ErrorNamesKeyWithSectionPath()
    {
        var configuration = Build(new() { ["Ember:Streaming:BatchIntreval"] = "10s", ["Ember:Streaming:BlockInterval"] = "100ms" });

        var error = Assert.Throws<EmberConfigurationException>(() => configuration.GetStreamingOptions());

        var problem = Assert.Single(error.Problems);
        Assert.Equal("Ember:Streaming:BatchIntreval", problem.Key);
        Assert.Contains("Ember:Streaming:BatchIntreval: unknown key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetEmberOptions_UnknownEmberKeyAndUnknownSparkKey_BothReported()
    {
        var configuration = Build(new() { ["Ember:Mastre"] = "local[2]", ["spark.streaming.backpresure.enabled"] = "true" });

        var error = Assert.Throws<EmberConfigurationException>(() => configuration.GetEmberOptions());

        Assert.Equal(["Ember:Mastre", "spark.streaming.backpresure.enabled"], error.Problems.Select(problem => problem.Key).Order());
    }

    [Fact]
    public void GetEmberOptions_SparkKeyEmberIgnores_WarnsWithKeyAndReason()
    {
        var configuration = Build(new() { ["spark.executor.memory"] = "4g", ["spark.master"] = "local[2]" });
        var log = new ListLogger();

        var options = configuration.GetEmberOptions(new ListLoggerFactory(log));

        Assert.Equal("local[2]", options.Master);
        var warning = Assert.Single(log.Messages);
        Assert.StartsWith("Configuration key spark.executor.memory ignored: JVM executors", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spark.streaming.blockInterval", "fast", "spark.streaming.blockInterval: 'fast' is not a duration")]
    [InlineData("Ember:Streaming:BatchInterval", "10", "Ember:Streaming:BatchInterval: '10' is not a duration")]
    [InlineData("Ember:Streaming:ConcurrentJobs", "0", "Ember:Streaming:ConcurrentJobs: '0' is not allowed: at least 1 job at a time.")]
    [InlineData("spark.streaming.backpressure.enabled", "yes", "spark.streaming.backpressure.enabled: 'yes' is not a boolean")]
    [InlineData("Ember:Kafka:PollTimeout", "0s", "Ember:Kafka:PollTimeout: '0s' is not allowed: a duration must be positive.")]
    [InlineData("Ember:Kafka:OnOffsetOutOfRange", "Skip", "Ember:Kafka:OnOffsetOutOfRange: 'Skip' is not one of Fail, ResetToEarliest, ResetToLatest")]
    [InlineData("spark.master", "yarn", "spark.master: 'yarn' is not allowed: Invalid master 'yarn'")]
    public void Get_BadValue_ErrorNamesKeyAndValue(string key, string value, string expected)
    {
        var configuration = Build(new() { [key] = value });

        var error = Assert.Throws<EmberConfigurationException>(() =>
        {
            configuration.GetEmberOptions();
            configuration.GetStreamingOptions();
            configuration.GetKafkaStreamOptions();
        });

        Assert.StartsWith(expected, Assert.Single(error.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SparkKeys_EverySupportedKey_IsReadByItsBinding()
    {
        // An unreadable value under each key: every binding that reads the key reports it.
        var configuration = Build(SparkKeys.Supported.Keys.ToDictionary(key => key, _ => (string?)"%"));
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bind in new Action[] { () => configuration.GetEmberOptions(), () => configuration.GetStreamingOptions(), () => configuration.GetKafkaStreamOptions() })
        {
            reported.UnionWith(Assert.Throws<EmberConfigurationException>(bind).Problems.Select(problem => problem.Key));
        }

        // Names and directories are free text.
        Assert.Equal(SparkKeys.Supported.Keys.Except(["spark.app.name", "spark.local.dir"]).Order(), reported.Order());
    }

    [Fact]
    public void AddSparkDefaults_SparkDefaultsFile_BindsAsSparkKeys()
    {
        var path = Path.Combine(Path.GetTempPath(), $"spark-defaults-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, """
            # Ported from a Spark deployment
            spark.master                               local[4]
            spark.app.name                             Clicks pipeline

            spark.streaming.backpressure.enabled       true
            spark.streaming.kafka.maxRatePerPartition=1000
            spark.executor.memory                      4g
            """);
        try
        {
            var configuration = new ConfigurationBuilder().AddSparkDefaults(path).Build();

            var ember = configuration.GetEmberOptions();
            Assert.Equal(("local[4]", "Clicks pipeline"), (ember.Master, ember.AppName));
            Assert.True(configuration.GetStreamingOptions().BackpressureEnabled);
            Assert.Equal(1000, configuration.GetKafkaStreamOptions().MaxRatePerPartition);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_KeyWithoutValue_ErrorNamesLine()
    {
        var error = Assert.Throws<FormatException>(() => SparkDefaults.Parse("spark.master local[2]\nspark.app.name\n"));

        Assert.Equal("spark-defaults.conf, line 2: 'spark.app.name' has a key but no value (expected 'key value').", error.Message);
    }

    private static EmberOptions ClicksInCode() => new()
    {
        Master = "local[4]", AppName = "Clicks", DefaultParallelism = 8, MaxTaskAttempts = 2, LocalDirectory = "/var/tmp/ember", CleanCheckpoints = true,
        ShowConsoleProgress = false,
        Settings = { ["ember.cluster.heartbeatPause"] = "10s", ["spark.graphx.pregel.checkpointInterval"] = "5" },
    };

    private static IConfigurationRoot Build(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static void AssertEqual(EmberOptions expected, EmberOptions actual)
    {
        Assert.Equal(
            (expected.Master, expected.AppName, expected.DefaultParallelism, expected.MaxTaskAttempts, expected.LocalDirectory, expected.CleanCheckpoints, expected.ShowConsoleProgress),
            (actual.Master, actual.AppName, actual.DefaultParallelism, actual.MaxTaskAttempts, actual.LocalDirectory, actual.CleanCheckpoints, actual.ShowConsoleProgress));
        Assert.Equal(expected.Settings, actual.Settings);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Messages.Add(formatter(state, exception));
            }
        }
    }

    private sealed class ListLoggerFactory(ListLogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}

using Ember.Configuration;
using Microsoft.Extensions.Configuration;

namespace Ember.Streaming.Kafka;

/// <summary>Binds <see cref="KafkaStreamOptions"/> from the <c>Ember:Kafka</c> section of <c>IConfiguration</c>.</summary>
public static class KafkaConfiguration
{
    private static readonly OptionsBinding<KafkaStreamOptions> Binding = new OptionsBinding<KafkaStreamOptions>($"{SparkKeys.EmberSection}:Kafka")
        .Add<long>(nameof(KafkaStreamOptions.MaxRatePerPartition), (options, rate) => options.MaxRatePerPartition = rate > 0 ? rate : null)
        .Add<TimeSpan>(nameof(KafkaStreamOptions.PollTimeout), (options, timeout) => options.PollTimeout = Positive(timeout))
        .Add<TimeSpan>(nameof(KafkaStreamOptions.MetadataTimeout), (options, timeout) => options.MetadataTimeout = Positive(timeout))
        .Add<TimeSpan>(nameof(KafkaStreamOptions.RetryBackoff), (options, backoff) => options.RetryBackoff = Positive(backoff))
        .Add<TimeSpan>(nameof(KafkaStreamOptions.RetryTimeout), (options, timeout) => options.RetryTimeout = Positive(timeout))
        .Add<OffsetOutOfRangePolicy>(nameof(KafkaStreamOptions.OnOffsetOutOfRange), (options, policy) => options.OnOffsetOutOfRange = policy)
        .Add<bool>(nameof(KafkaStreamOptions.CacheConsumers), (options, cache) => options.CacheConsumers = cache);

    private static TimeSpan Positive(TimeSpan duration) =>
        duration > TimeSpan.Zero ? duration : throw new ArgumentOutOfRangeException(nameof(duration), duration, "a duration must be positive.");

    /// <summary>
    /// The <see cref="KafkaStreamOptions"/> that <paramref name="configuration"/> (the application's root configuration)
    /// describes, starting from the defaults: keys <c>Ember:Kafka:MaxRatePerPartition</c> (0 or absent: no bound, as
    /// Spark), <c>PollTimeout</c>, <c>MetadataTimeout</c>, <c>RetryBackoff</c>, <c>RetryTimeout</c>,
    /// <c>OnOffsetOutOfRange</c> (<c>Fail</c>, <c>ResetToEarliest</c>, <c>ResetToLatest</c>) and <c>CacheConsumers</c>, or Spark's
    /// <c>spark.streaming.kafka.maxRatePerPartition</c>, <c>spark.streaming.kafka.consumer.poll.ms</c> and
    /// <c>spark.streaming.kafka.consumer.cache.enabled</c>. <see cref="KafkaStreamOptions.Locations"/> is an object,
    /// set in code. Throws an <see cref="EmberConfigurationException"/> naming every unknown key of the section and
    /// every bad value (a non-positive timeout among them).
    /// </summary>
    public static KafkaStreamOptions GetKafkaStreamOptions(this IConfiguration configuration) => Binding.Bind(configuration, new KafkaStreamOptions());
}

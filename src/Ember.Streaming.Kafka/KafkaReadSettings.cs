namespace Ember.Streaming.Kafka;

/// <summary>How the tasks of a batch read their ranges: the stream's options that matter on the reading side (plain data).</summary>
/// <param name="PollTimeout">How long without a record before a stall is reported (and reported again).</param>
/// <param name="RetryTimeout">How long a stalled read goes on before the task fails; null for as long as the job runs.</param>
/// <param name="OnOffsetOutOfRange">What to do when records of the range were deleted before they were read.</param>
/// <param name="CacheConsumers">Whether reads borrow the process's cached consumers rather than make their own.</param>
internal sealed record KafkaReadSettings(TimeSpan PollTimeout, TimeSpan? RetryTimeout, OffsetOutOfRangePolicy OnOffsetOutOfRange, bool CacheConsumers = true);

using Confluent.Kafka;

namespace Ember.Streaming.Kafka;

/// <summary>Kafka outputs for Ember Streaming.</summary>
public static class KafkaSink
{
    /// <summary>
    /// Output operation: produces every record of every batch to <paramref name="topic"/>. Each partition of the
    /// batch's RDD is written by its own task with its own producer, which then flushes and waits for the delivery
    /// report of every record it produced: the batch's output operation succeeds only when every record was
    /// acknowledged by the cluster (as the producer's <c>acks</c> asks).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Any delivery error (a record the cluster refused, a message timeout while the brokers are down, a record too
    /// large, ...) fails the task, so the batch's output operation fails and is reported as any output failure
    /// (<see cref="Listener.OutputOperationInfo.FailureReason"/>, and <see cref="StreamingContext.AwaitTerminationAsync"/>
    /// throws <see cref="StreamingJobException"/>); the message names the topic, how many records of the partition
    /// failed, and the first error. No record is ever silently dropped; the producer's own retries apply before
    /// a record counts as failed (bounded by <c>message.timeout.ms</c>, 300 s by default).
    /// </para>
    /// <para>
    /// At least once, not exactly once: a batch replayed after recovery, or a task that failed after some deliveries,
    /// produces its records again. Records of a partition keep their order per Kafka partition only as far as the
    /// producer keeps it (set <c>enable.idempotence</c> for that under retries). Keys and values are written as
    /// UTF-8; a null key lets the producer's partitioner pick the partition.
    /// </para>
    /// </remarks>
    /// <typeparam name="T">The stream's records.</typeparam>
    /// <param name="stream">The stream whose batches are written.</param>
    /// <param name="topic">The topic written to.</param>
    /// <param name="config">The producer's config (at least <c>bootstrap.servers</c>); copied, so later changes do not apply.</param>
    /// <param name="keySelector">A record's key; null (the default) for no key.</param>
    /// <param name="valueSelector">A record's value; by default its <c>ToString()</c> (a null record is written with a null value).</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/>, <paramref name="topic"/> or <paramref name="config"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is empty or white space, or <paramref name="config"/> has no <c>bootstrap.servers</c>.</exception>
    /// <exception cref="InvalidOperationException">The context has started: outputs must be added before.</exception>
    public static void SaveToKafka<T>(
        this DStream<T> stream,
        string topic,
        ProducerConfig config,
        Func<T, string?>? keySelector = null,
        Func<T, string>? valueSelector = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(config.BootstrapServers))
        {
            throw new ArgumentException("The producer config needs bootstrap.servers.", nameof(config));
        }
        var copy = new ProducerConfig(new Dictionary<string, string>(config, StringComparer.Ordinal));
        Func<T, string?> value = valueSelector is null ? record => record?.ToString() : record => valueSelector(record);
        stream.ForEachRddAsync((rdd, _, cancellationToken) =>
            rdd.Context.RunJobAsync(rdd, (task, records) => ProducePartition(topic, copy, keySelector, value, records, task.CancellationToken), cancellationToken: cancellationToken),
            $"SaveToKafka({topic})");
    }

    /// <summary>Produces one partition's records and waits for all their delivery reports; throws on the first failure seen.</summary>
    private static long ProducePartition<T>(string topic, ProducerConfig config, Func<T, string?>? key, Func<T, string?> value, IEnumerable<T> records, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<string?, string?>(config).Build();
        long produced = 0, failed = 0;
        Error? firstError = null;
        void OnDelivery(DeliveryReport<string?, string?> report)
        {
            // Delivery handlers run on the producer's background poll thread: the counters are read after the flush.
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, report.Error, null);
            }
        }
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Volatile.Read(ref firstError) is not null)
            {
                break;
            }
            var message = new Message<string?, string?> { Key = key?.Invoke(record), Value = value(record) };
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, OnDelivery);
                    produced++;
                    break;
                }
                catch (ProduceException<string?, string?> error) when (error.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // The local queue is full: serve delivery reports until there is room.
                    producer.Poll(TimeSpan.FromMilliseconds(100));
                    cancellationToken.ThrowIfCancellationRequested();
                }
                catch (ProduceException<string?, string?> error)
                {
                    throw Failure(topic, produced + 1, 1, error.Error, error);
                }
            }
        }
        // Every produced record gets exactly one delivery report (success, error or timeout) before Flush returns 0.
        while (producer.Flush(TimeSpan.FromMilliseconds(100)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
        if (Volatile.Read(ref firstError) is { } delivery)
        {
            throw Failure(topic, produced, Interlocked.Read(ref failed), delivery, null);
        }
        return produced;
    }

    private static KafkaException Failure(string topic, long produced, long failed, Error error, Exception? inner)
    {
        var wrapped = new Error(error.Code, $"SaveToKafka: {failed} of {produced} records of the task were not delivered to topic '{topic}': {error.Reason} ({error.Code}).");
        return inner is null ? new KafkaException(wrapped) : new KafkaException(wrapped, inner);
    }
}

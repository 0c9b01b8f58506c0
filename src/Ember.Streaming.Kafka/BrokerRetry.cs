using System.Diagnostics;
using Confluent.Kafka;

namespace Ember.Streaming.Kafka;

/// <summary>
/// Runs a call to the cluster again while it fails for a reason that passes (brokers down, timeouts, leaders
/// moving), waiting longer each time, reporting every failure, until it succeeds, the stream stops, or the optional
/// time limit passes. Errors that retrying cannot fix (a missing topic, an offset out of range, a fatal client
/// error) are thrown at once.
/// </summary>
internal sealed class BrokerRetry(TimeSpan initialBackoff, TimeSpan? timeout, Action<string, int> report)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    public T Run<T>(string what, Func<T> call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var backoff = initialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return call();
            }
            catch (Exception error) when (IsTransient(error))
            {
                var waited = Stopwatch.GetElapsedTime(started);
                if (timeout is { } limit && waited >= limit)
                {
                    throw new KafkaException(new Error(ErrorCode.Local_TimedOut,
                        $"{what} failed for {waited.TotalSeconds:0.#} s ({attempt} attempts), longer than the retry timeout of {limit.TotalSeconds:0.#} s: {error.Message}"), error);
                }
                report($"{what} failed (attempt {attempt}, retrying in {backoff.TotalMilliseconds:0} ms): {error.Message}", attempt);
                if (cancellationToken.WaitHandle.WaitOne(backoff))
                {
                    throw new OperationCanceledException($"{what} was abandoned: the stream is stopping.", error, cancellationToken);
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>True for failures that may pass by themselves; false for the ones a retry would only repeat.</summary>
    internal static bool IsTransient(Exception error) => error switch
    {
        TimeoutException => true,
        KafkaException { Error: var kafka } => !kafka.IsFatal && kafka.Code is not (ErrorCode.UnknownTopicOrPart or ErrorCode.OffsetOutOfRange
            or ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed
            or ErrorCode.SaslAuthenticationFailed or ErrorCode.Local_InvalidArg or ErrorCode.InvalidConfig or ErrorCode.Local_Fatal),
        _ => false,
    };
}

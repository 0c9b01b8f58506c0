using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Kafka;

/// <summary>
/// What a subscription waits for (a topic not created yet, a pattern no topic matches yet), remembered from batch to
/// batch so that each is reported once when found missing and logged once when it appears, not at every batch.
/// </summary>
/// <param name="report">Where a newly missing subscription is reported (message, attempt): the log and the listeners.</param>
/// <param name="logger">Where an appearance is logged.</param>
internal sealed class MissingTopics(Action<string, int> report, ILogger logger)
{
    private HashSet<string> waiting = new(StringComparer.Ordinal);

    /// <summary>Takes a batch's missing subscriptions; reports those missing since this batch, logs those that appeared.</summary>
    public void Update(IReadOnlyList<string> missing)
    {
        var now = missing.ToHashSet(StringComparer.Ordinal);
        foreach (var what in missing.Where(what => !waiting.Contains(what)))
        {
            report($"{what} does not exist yet (if it should, check the name): batches read nothing of it until it does, then read it from its first offset", 1);
        }
        // Appeared: read from the first offset, as every partition found after the first batch is.
        foreach (var what in waiting.Where(what => !now.Contains(what)).Order(StringComparer.Ordinal))
        {
            logger.LogInformation("Kafka direct stream: {What} now exists; reading it from its first offset", what);
        }
        waiting = now;
    }
}

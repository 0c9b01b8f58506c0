namespace Ember.Streaming.Kafka;

/// <summary>
/// What a subscription waits for (a topic not created yet, a pattern no topic matches yet), remembered from batch to
/// batch so that each is reported once when found missing and once when it appears, not at every batch.
/// </summary>
internal sealed class MissingTopics
{
    private HashSet<string> waiting = new(StringComparer.Ordinal);

    /// <summary>Takes this batch's missing subscriptions; returns those missing since this batch, and those that appeared.</summary>
    public (IReadOnlyList<string> NewlyMissing, IReadOnlyList<string> Appeared) Update(IReadOnlyList<string> missing)
    {
        var now = missing.ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<string> newlyMissing = [.. missing.Where(what => !waiting.Contains(what))];
        IReadOnlyList<string> appeared = [.. waiting.Where(what => !now.Contains(what)).Order(StringComparer.Ordinal)];
        waiting = now;
        return (newlyMissing, appeared);
    }
}

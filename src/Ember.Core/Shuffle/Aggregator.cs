namespace Ember.Shuffle;

/// <summary>The three functions of a combine-by-key (Spark's Aggregator): start, add a value, merge two partial results.</summary>
internal sealed record Aggregator<TValue, TCombiner>(
    Func<TValue, TCombiner> CreateCombiner,
    Func<TCombiner, TValue, TCombiner> MergeValue,
    Func<TCombiner, TCombiner, TCombiner> MergeCombiners);

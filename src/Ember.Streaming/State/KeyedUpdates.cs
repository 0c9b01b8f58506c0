using Ember.Shuffle;

namespace Ember.Streaming.State;

/// <summary>
/// What UpdateStateByKey's function sees in one partition: every key with a state or new values, its values (empty
/// when none arrived) and its state. Only the batch's keys are grouped, so what this allocates grows with the keys the
/// batch touched; the previous states stream through once (Spark co-groups both sides, which builds a group per key).
/// </summary>
internal static class KeyedUpdates
{
    public static IEnumerable<(TKey Key, IReadOnlyList<TValue> Values, Option<TState> State)> Of<TKey, TValue, TState>(
        IEnumerable<(TKey Key, TState Value)> states, IEnumerable<(TKey Key, TValue Value)> batch)
    {
        var touched = new KeyedMap<TKey, List<TValue>>();
        foreach (var (key, value) in batch)
        {
            (touched.GetOrAddSlot(key, out _) ??= []).Add(value);
        }
        foreach (var (key, state) in states)
        {
            // A key met is taken out, so the keys left afterwards are the batch's new ones.
            IReadOnlyList<TValue> values = touched.Count > 0 && touched.TryGetValue(key, out var arrived) && touched.Remove(key) ? arrived : [];
            yield return (key, values, Option.Some(state));
        }
        foreach (var (key, values) in touched)
        {
            yield return (key, values, Option<TState>.None);
        }
    }

    /// <summary>
    /// A partition's states with one per key, the first (a user's initial state may repeat a key; the co-group this
    /// replaces kept the first state of each key).
    /// </summary>
    public static IEnumerable<(TKey Key, TState Value)> FirstPerKey<TKey, TState>(IEnumerable<(TKey Key, TState Value)> states)
    {
        var seen = new KeyedMap<TKey, bool>();
        foreach (var pair in states)
        {
            ref var met = ref seen.GetOrAddSlot(pair.Key, out _);
            if (!met)
            {
                met = true;
                yield return pair;
            }
        }
    }
}

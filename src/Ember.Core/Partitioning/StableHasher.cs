namespace Ember.Partitioning;

/// <summary>
/// The hash rule for <typeparamref name="T"/>, chosen by <see cref="StableHasherFactory"/> on first use and then
/// read from a static field, so the hot path is one delegate call.
/// </summary>
internal static class StableHasher<T>
{
    public static readonly Func<T, int> Hash = StableHasherFactory.Create<T>();
}

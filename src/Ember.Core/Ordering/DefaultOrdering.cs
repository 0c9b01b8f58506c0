namespace Ember.Ordering;

/// <summary>
/// The order Ember sorts by when no comparer is given: Java's, so sorted output matches Spark's. Strings compare by
/// UTF-16 code unit (ordinal, as <c>String.compareTo</c>), never by the current culture, which would place "a" before
/// "B" and differ from machine to machine; every other type uses <see cref="Comparer{T}.Default"/>.
/// </summary>
internal static class DefaultOrdering<T>
{
    /// <summary>The comparer for <typeparamref name="T"/>; null sorts first.</summary>
    public static IComparer<T> Instance { get; } = typeof(T) == typeof(string)
        ? (IComparer<T>)(object)StringComparer.Ordinal
        : Comparer<T>.Default;
}

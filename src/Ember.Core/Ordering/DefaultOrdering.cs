namespace Ember.Ordering;

/// <summary>
/// The order Ember sorts by when no comparer is given: Java's, so sorted output matches Spark's. Strings compare by
/// UTF-16 code unit (ordinal, as <c>String.compareTo</c>), never by the current culture, which would place "a" before
/// "B" and differ from machine to machine; doubles and floats by Java's total order (<see cref="JavaFloatingOrder"/>:
/// NaN last, -0.0 before 0.0); every other type uses <see cref="Comparer{T}.Default"/>.
/// </summary>
internal static class DefaultOrdering<T>
{
    /// <summary>The comparer for <typeparamref name="T"/>; null sorts first.</summary>
    public static IComparer<T> Instance { get; } =
        typeof(T) == typeof(string) ? (IComparer<T>)(object)StringComparer.Ordinal
        : typeof(T) == typeof(double) ? (IComparer<T>)(object)JavaFloatingOrder.Doubles
        : typeof(T) == typeof(float) ? (IComparer<T>)(object)JavaFloatingOrder.Floats
        : Comparer<T>.Default;
}

using System.Runtime.CompilerServices;

namespace Ember.Ordering;

/// <summary>
/// The order Ember sorts by when no comparer is given: Java's and Scala's, so sorted output matches Spark's. Strings
/// compare by UTF-16 code unit (ordinal, as <c>String.compareTo</c>), never by the current culture, which would place
/// "a" before "B" and differ from machine to machine; doubles and floats by Java's total order
/// (<see cref="JavaFloatingOrder"/>: NaN last, -0.0 before 0.0). Value tuples that hold such elements (at any depth)
/// compare element by element in this same order, as Scala's tuple Ordering does; every other type uses
/// <see cref="Comparer{T}.Default"/>.
/// </summary>
internal static class DefaultOrdering<T>
{
    /// <summary>The comparer for <typeparamref name="T"/>; null sorts first.</summary>
    public static IComparer<T> Instance { get; } = (IComparer<T>)DefaultOrdering.For(typeof(T));
}

/// <summary>Builds <see cref="DefaultOrdering{T}"/>'s comparers.</summary>
internal static class DefaultOrdering
{
    /// <summary>The default comparer of <paramref name="type"/>, an <c>IComparer&lt;type&gt;</c>.</summary>
    public static object For(Type type)
    {
        if (type == typeof(string))
        {
            return StringComparer.Ordinal;
        }
        if (type == typeof(double))
        {
            return JavaFloatingOrder.Doubles;
        }
        if (type == typeof(float))
        {
            return JavaFloatingOrder.Floats;
        }
        if (HoldsJavaOrdered(type))
        {
            var elements = type.GetGenericArguments();
            var comparer = elements.Length switch
            {
                2 => typeof(PairOrdering<,>),
                3 => typeof(TripleOrdering<,,>),
                _ => typeof(TupleOrdering<>),
            };
            return Activator.CreateInstance(comparer.MakeGenericType(elements.Length is 2 or 3 ? elements : [type]))!;
        }
        return typeof(Comparer<>).MakeGenericType(type).GetProperty(nameof(Comparer<int>.Default))!.GetValue(null)!;
    }

    /// <summary>The comparer <see cref="DefaultOrdering{T}"/> uses for <paramref name="type"/>, untyped.</summary>
    public static System.Collections.IComparer Untyped(Type type) =>
        (System.Collections.IComparer)Activator.CreateInstance(typeof(UntypedOrdering<>).MakeGenericType(type))!;

    /// <summary>
    /// A value tuple with a string, double or float among its elements, or among the elements of a value tuple inside
    /// it: <see cref="Comparer{T}.Default"/> would compare those by culture or by IEEE rules, not Java's.
    /// </summary>
    private static bool HoldsJavaOrdered(Type type) =>
        type.IsValueType && type.IsGenericType && typeof(ITuple).IsAssignableFrom(type)
        && type.GetGenericArguments().Any(element => element == typeof(string) || element == typeof(double) || element == typeof(float) || HoldsJavaOrdered(element));
}

/// <summary>Two-element value tuples, element by element (the common key shape, kept free of boxing).</summary>
internal sealed class PairOrdering<T1, T2> : IComparer<ValueTuple<T1, T2>>
{
    public int Compare((T1, T2) x, (T1, T2) y)
    {
        var first = DefaultOrdering<T1>.Instance.Compare(x.Item1, y.Item1);
        return first != 0 ? first : DefaultOrdering<T2>.Instance.Compare(x.Item2, y.Item2);
    }
}

/// <summary>Three-element value tuples, element by element.</summary>
internal sealed class TripleOrdering<T1, T2, T3> : IComparer<ValueTuple<T1, T2, T3>>
{
    public int Compare((T1, T2, T3) x, (T1, T2, T3) y)
    {
        var first = DefaultOrdering<T1>.Instance.Compare(x.Item1, y.Item1);
        if (first != 0)
        {
            return first;
        }
        var second = DefaultOrdering<T2>.Instance.Compare(x.Item2, y.Item2);
        return second != 0 ? second : DefaultOrdering<T3>.Instance.Compare(x.Item3, y.Item3);
    }
}

/// <summary>Value tuples of one or of four and more elements, element by element through <see cref="ITuple"/>.</summary>
internal sealed class TupleOrdering<T> : IComparer<T> where T : ITuple
{
    private readonly System.Collections.IComparer[] elements = Flatten(typeof(T));

    public int Compare(T? x, T? y)
    {
        ITuple left = x!, right = y!;
        for (var i = 0; i < elements.Length; i++)
        {
            var result = elements[i].Compare(left[i], right[i]);
            if (result != 0)
            {
                return result;
            }
        }
        return 0;
    }

    /// <summary>One comparer per element as <see cref="ITuple"/> indexes them: an eighth element's tuple is flattened.</summary>
    private static System.Collections.IComparer[] Flatten(Type type)
    {
        var arguments = type.GetGenericArguments();
        return arguments.Length == 8
            ? [.. arguments[..7].Select(DefaultOrdering.Untyped), .. Flatten(arguments[7])]
            : [.. arguments.Select(DefaultOrdering.Untyped)];
    }
}

/// <summary><see cref="DefaultOrdering{T}"/> over boxed values, for <see cref="TupleOrdering{T}"/>'s elements.</summary>
internal sealed class UntypedOrdering<T> : System.Collections.IComparer
{
    public int Compare(object? x, object? y) => DefaultOrdering<T>.Instance.Compare((T)x!, (T)y!);
}

using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ember.Serialization;

/// <summary>
/// Copies values that user functions may mutate in place (zero values, combiners): by <see cref="ICopyable{T}"/>
/// when the value implements it, else by a round trip through the serializer, as Spark clones through its own.
/// </summary>
internal static class ValueCopier<T>
{
    /// <summary>
    /// True when a <typeparamref name="T"/> cannot be mutated through a shared reference (no references inside, or an
    /// immutable string), so copying is skipped: the hot paths (<c>ReduceByKey</c> on numbers) pay nothing.
    /// </summary>
    public static readonly bool IsImmutable =
        typeof(T) == typeof(string) || !RuntimeHelpers.IsReferenceOrContainsReferences<T>();

    /// <summary>An independent copy of <paramref name="value"/> (the value itself when it cannot be mutated).</summary>
    public static T Copy(T value, ISerializer serializer)
    {
        if (IsImmutable || value is null)
        {
            return value;
        }
        if (value is ICopyable<T> copyable)
        {
            return copyable.Copy();
        }
        return value.GetType() == typeof(T)
            ? serializer.Deserialize<T>(serializer.Serialize(value))
            : (T)RoundTripAs(value.GetType())(serializer, value);
    }

    /// <summary>
    /// A round trip through the serializer as <paramref name="runtimeType"/>: a zero declared as an interface or base
    /// class (an <c>ISet&lt;int&gt;</c> holding a <c>HashSet&lt;int&gt;</c>) comes back as the same concrete type.
    /// </summary>
    private static Func<ISerializer, object, object> RoundTripAs(Type runtimeType) =>
        RoundTrips.GetOrAdd(runtimeType, static type =>
            (Func<ISerializer, object, object>)RoundTripMethod.MakeGenericMethod(type).CreateDelegate(typeof(Func<ISerializer, object, object>)));

    private static readonly ConcurrentDictionary<Type, Func<ISerializer, object, object>> RoundTrips = new();

    private static readonly MethodInfo RoundTripMethod =
        typeof(ValueCopier<T>).GetMethod(nameof(RoundTrip), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static object RoundTrip<TRuntime>(ISerializer serializer, object value) =>
        serializer.Deserialize<TRuntime>(serializer.Serialize((TRuntime)value))!;
}

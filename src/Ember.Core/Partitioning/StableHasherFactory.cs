using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ember.Partitioning;

/// <summary>
/// Chooses the hash rule for a type, in the order <see cref="StableHash"/> documents. Runs once per type; the
/// result is cached in <see cref="StableHasher{T}"/>.
/// </summary>
internal static class StableHasherFactory
{
    public static Func<T, int> Create<T>()
    {
        var type = typeof(T);
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Generic<T>(nameof(OfNullable), underlying);
        }
        if (typeof(IStableHashable).IsAssignableFrom(type))
        {
            // A type parameter constrained to the interface calls a struct's method without boxing it.
            return Generic<T>(type.IsValueType ? nameof(OfStableHashableStruct) : nameof(OfStableHashableClass), type);
        }
        if (ScalarHashes.TryGet<T>() is { } scalar)
        {
            return scalar;
        }
        if (type.IsEnum)
        {
            return Generic<T>(nameof(OfEnum), type, Enum.GetUnderlyingType(type));
        }

        var exact = MemberwiseHashBuilder.TryBuild<T>() ?? OfEqualityComparer;

        // A variable of a non-sealed type may hold a derived record, a boxed int or a string: hash by what it holds.
        return type.IsValueType || type.IsSealed ? exact : RuntimeTypeHasher.Wrap(exact);
    }

    private static Func<T, int> Generic<T>(string method, params Type[] typeArguments) =>
        typeof(StableHasherFactory)
            .GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(typeArguments)
            .CreateDelegate<Func<T, int>>();

    private static int OfNullable<TValue>(TValue? value)
        where TValue : struct =>
        value.HasValue ? StableHasher<TValue>.Hash(value.GetValueOrDefault()) : 0;

    private static int OfStableHashableStruct<TValue>(TValue value)
        where TValue : struct, IStableHashable =>
        value.GetStableHashCode();

    private static int OfStableHashableClass<TValue>(TValue? value)
        where TValue : class, IStableHashable =>
        value is null ? 0 : value.GetStableHashCode();

    private static int OfEqualityComparer<T>(T value) => value is null ? 0 : EqualityComparer<T>.Default.GetHashCode(value);

    private static int OfEnum<TEnum, TUnderlying>(TEnum value)
        where TEnum : struct, Enum =>
        StableHasher<TUnderlying>.Hash(Unsafe.As<TEnum, TUnderlying>(ref value));
}

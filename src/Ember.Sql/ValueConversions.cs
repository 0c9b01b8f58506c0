using System.Numerics;
using System.Reflection;

namespace Ember.Sql;

/// <summary>
/// Turns a value as DuckDB.NET reads it into the type a record member declares. Numbers convert when they fit (a
/// BIGINT <c>count(*)</c> into an <see cref="int"/> member) and throw <see cref="OverflowException"/> when they do not,
/// never silently wrapping.
/// </summary>
internal static class ValueConversions
{
    private static readonly MethodInfo CheckedNumber = typeof(ValueConversions).GetMethod(nameof(ConvertNumber), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The conversion from <paramref name="source"/> to <paramref name="target"/> (not nullable), or null when there is none.</summary>
    public static Func<object, object>? For(Type source, Type target)
    {
        if (target.IsAssignableFrom(source))
        {
            return value => value;
        }
        if (IsNumber(source) && IsNumber(target))
        {
            return CheckedNumber.MakeGenericMethod(source, target).CreateDelegate<Func<object, object>>();
        }
        if (source == typeof(DateTime) && target == typeof(DateTimeOffset))
        {
            // DuckDB.NET reads TIMESTAMPTZ as the UTC instant in a DateTime of unspecified kind.
            return value => new DateTimeOffset(DateTime.SpecifyKind((DateTime)value, DateTimeKind.Utc));
        }
        return null;
    }

    private static bool IsNumber(Type type) =>
        type != typeof(char) && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(INumberBase<>));

    private static object ConvertNumber<TSource, TTarget>(object value)
        where TSource : INumberBase<TSource>
        where TTarget : INumberBase<TTarget> =>
        TTarget.CreateChecked((TSource)value);
}

using System.Reflection;

namespace Ember.Sql;

/// <summary>
/// How a record type lines up with SQL columns, the same way in both directions: a supported scalar is one column
/// named <c>value</c> (Spark's name for it); a value tuple has one column per item, <c>Item1</c>, <c>Item2</c>, ...,
/// since item names do not exist at run time; any other type has one column per public instance property with a
/// getter, then per public instance field, each in declaration order.
/// </summary>
internal static class RecordShape
{
    /// <summary>The column name of a scalar record.</summary>
    public const string ScalarColumn = "value";

    /// <summary>True when the record is a single value of a supported type.</summary>
    public static bool IsScalar(Type type) => SqlColumnTypes.IsSupported(type);

    /// <summary>True for <see cref="ValueTuple"/> types of one to seven items.</summary>
    public static bool IsTuple(Type type) =>
        type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal);

    /// <summary>The members that become columns, in column order; throws naming the type when it has none or is a tuple of more than seven items.</summary>
    public static IReadOnlyList<MemberInfo> Members(Type type)
    {
        if (IsTuple(type))
        {
            var items = type.GetFields().OrderBy(field => field.Name, StringComparer.Ordinal).ToList();
            if (items.Any(item => item.Name == "Rest"))
            {
                throw new NotSupportedException($"Cannot map {Describe(type)} to SQL columns: tuples of more than seven items are not supported; use a record type.");
            }
            return items;
        }
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
            .OrderBy(property => property.MetadataToken);
        var fields = type.GetFields(BindingFlags.Public | BindingFlags.Instance).OrderBy(field => field.MetadataToken);
        var members = properties.Cast<MemberInfo>().Concat(fields).ToList();
        return members.Count > 0
            ? members
            : throw new NotSupportedException($"Cannot map {Describe(type)} to SQL columns: it has no public properties or fields.");
    }

    /// <summary>The declared type of a property or field.</summary>
    public static Type TypeOf(MemberInfo member) => member is PropertyInfo property ? property.PropertyType : ((FieldInfo)member).FieldType;

    /// <summary>The type's name as C# writes it, generic arguments included, for error messages.</summary>
    public static string Describe(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Describe(underlying) + "?";
        }
        if (!type.IsGenericType)
        {
            return type.FullName ?? type.Name;
        }
        var name = type.GetGenericTypeDefinition().FullName!;
        return name[..name.IndexOf('`')] + "<" + string.Join(", ", type.GetGenericArguments().Select(Describe)) + ">";
    }
}

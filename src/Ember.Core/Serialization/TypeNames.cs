using System.Text;

namespace Ember.Serialization;

/// <summary>
/// Renders a <see cref="Type"/> the way a C# user wrote it (<c>MyApp.Outer.Inner&lt;int, string&gt;[]</c>) rather
/// than the CLR form (<c>MyApp.Outer+Inner`2[[System.Int32, ...]]</c>), because error messages are read by people.
/// </summary>
internal static class TypeNames
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(char)] = "char",
        [typeof(short)] = "short", [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint",
        [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double",
        [typeof(decimal)] = "decimal", [typeof(string)] = "string", [typeof(object)] = "object",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
    };

    public static string ToCSharp(Type type)
    {
        var builder = new StringBuilder();
        Append(builder, type);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, Type type)
    {
        if (Keywords.TryGetValue(type, out var keyword))
        {
            builder.Append(keyword);
        }
        else if (type.IsArray)
        {
            Append(builder, type.GetElementType()!);
            builder.Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
        }
        else if (type.IsByRef || type.IsPointer)
        {
            Append(builder, type.GetElementType()!);
            builder.Append(type.IsPointer ? '*' : '&');
        }
        else if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            Append(builder, underlying);
            builder.Append('?');
        }
        else if (IsShortValueTuple(type))
        {
            // (int, string) rather than System.ValueTuple<int, string>: the form users write keys in.
            builder.Append('(');
            var items = type.GetGenericArguments();
            for (var i = 0; i < items.Length; i++)
            {
                builder.Append(i > 0 ? ", " : "");
                Append(builder, items[i]);
            }
            builder.Append(')');
        }
        else if (type.IsGenericParameter)
        {
            builder.Append(type.Name);
        }
        else
        {
            AppendNamed(builder, type);
        }
    }

    private static bool IsShortValueTuple(Type type) =>
        type.IsGenericType && type.Namespace == "System" && type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal)
        && type.GetGenericArguments().Length is >= 2 and <= 7;

    /// <summary>
    /// Writes namespace, declaring types and generic arguments. Reflection lists the arguments of every enclosing
    /// generic type on the innermost one, so each level takes as many as its own arity (the `N suffix) says.
    /// </summary>
    private static void AppendNamed(StringBuilder builder, Type type)
    {
        var chain = new List<Type>();
        for (var current = type; current is not null; current = current.DeclaringType)
        {
            chain.Add(current);
        }
        chain.Reverse();

        if (!string.IsNullOrEmpty(chain[0].Namespace))
        {
            builder.Append(chain[0].Namespace).Append('.');
        }

        var arguments = type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes;
        var used = 0;
        for (var i = 0; i < chain.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }
            var name = chain[i].Name;
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            if (tick < 0)
            {
                builder.Append(name);
                continue;
            }
            builder.Append(name, 0, tick).Append('<');
            var arity = int.Parse(name.AsSpan(tick + 1), provider: System.Globalization.CultureInfo.InvariantCulture);
            for (var a = 0; a < arity && used < arguments.Length; a++, used++)
            {
                if (a > 0)
                {
                    builder.Append(", ");
                }
                Append(builder, arguments[used]);
            }
            builder.Append('>');
        }
    }
}

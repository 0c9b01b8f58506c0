using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Ember.Serialization;

namespace Ember.Cluster.Closures;

/// <summary>
/// Turns the compiler's names (<c>Program+&lt;&gt;c__DisplayClass0_0.&lt;Main&gt;b__0</c>, <c>&lt;&gt;4__this</c>,
/// <c>&lt;Name&gt;k__BackingField</c>) into what the user wrote, for error messages.
/// </summary>
internal static partial class FunctionNames
{
    /// <summary>"`&lt;lambda in Program.Main&gt;` (Program+&lt;&gt;c__DisplayClass0_0.&lt;Main&gt;b__0_0)".</summary>
    public static string Describe(MethodInfo method) => Describe(method, withClrName: true);

    /// <summary>Whether <paramref name="method"/> is one of Ember's own wrappers (Map's lambda around the user's selector) rather than user code.</summary>
    public static bool IsEmbers(MethodInfo method) =>
        method.Module.Assembly == typeof(Rdd).Assembly || method.Module.Assembly == typeof(FunctionNames).Assembly
        || method.Module.Assembly.GetName().Name is "Ember.Streaming" or "Ember.Streaming.Kafka" or "Ember.Sql";

    /// <summary>As <see cref="Describe(MethodInfo)"/>; without the compiler's name when <paramref name="withClrName"/> is false.</summary>
    public static string Describe(MethodInfo method, bool withClrName)
    {
        var owner = method.DeclaringType;
        var clr = $"{(owner is null ? "" : ClrName(owner) + ".")}{method.Name}";
        var generated = GeneratedMethod().Match(method.Name);
        if (!generated.Success || owner is null)
        {
            return $"`{(owner is null ? "" : TypeNames.ToCSharp(owner) + ".")}{method.Name}`";
        }
        var scope = $"{TypeNames.ToCSharp(UserType(owner))}.{generated.Groups["scope"].Value}";
        var display = generated.Groups["kind"].Value == "g"
            ? $"<local function {generated.Groups["rest"].Value.Split('|')[0]} in {scope}>"
            : $"<lambda in {scope}>";
        return withClrName ? $"`{display}` ({clr})" : $"`{display}`";
    }

    /// <summary>A field as the user wrote it: a captured variable's name, <c>this</c>, a property's name.</summary>
    public static string Field(FieldInfo field) => field.Name switch
    {
        var name when name.EndsWith("__this", StringComparison.Ordinal) => "this",
        var name when BackingField().Match(name) is { Success: true } property => property.Groups["name"].Value,
        var name when PrimaryConstructorParameter().Match(name) is { Success: true } parameter => parameter.Groups["name"].Value,
        var name when name.StartsWith("<>8__", StringComparison.Ordinal) => "(the enclosing scope's closure)",
        var name => name,
    };

    /// <summary>True for closure classes and other types the compiler made.</summary>
    public static bool IsCompilerGenerated(Type type) =>
        type.Name.StartsWith('<') || type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    /// <summary>The CLR name with '+' between nested types and no assembly-qualified generic arguments.</summary>
    public static string ClrName(Type type)
    {
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return definition.DeclaringType is { } outer ? $"{ClrName(outer)}+{definition.Name}"
            : string.IsNullOrEmpty(definition.Namespace) ? definition.Name : $"{definition.Namespace}.{definition.Name}";
    }

    /// <summary>The user's type a closure class is nested in.</summary>
    public static Type UserType(Type type)
    {
        var current = type;
        while (IsCompilerGenerated(current) && current.DeclaringType is { } outer)
        {
            current = outer;
        }
        return current;
    }

    [GeneratedRegex(@"^<(?<scope>.*)>(?<kind>[a-z])__(?<rest>.*)$")]
    private static partial Regex GeneratedMethod();

    [GeneratedRegex(@"^<(?<name>[^>]+)>k__BackingField$")]
    private static partial Regex BackingField();

    [GeneratedRegex(@"^<(?<name>[^>]+)>P$")]
    private static partial Regex PrimaryConstructorParameter();
}

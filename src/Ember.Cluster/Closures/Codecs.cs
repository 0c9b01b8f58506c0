using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ember.Cluster.Closures;

/// <summary>
/// Chooses, once per runtime type, how its objects travel: a fixed encoding for primitives and known framework types,
/// element by element for arrays and collections, method identity plus target for delegates, field by field for
/// Ember's, users' and compiler-generated types, and a refusal for everything else.
/// </summary>
internal static class Codecs
{
    // A pure cache of decisions derived from types alone: no hook, no configuration.
    private static readonly ConcurrentDictionary<Type, ObjectCodec> ByType = new();
    private static readonly ConcurrentDictionary<Type, bool> Blittable = new();

    // Framework types whose fields are exactly their user-visible state, so walking them is safe.
    private static readonly HashSet<string> WalkableFramework =
    [
        "System.ValueTuple", "System.ValueTuple`1", "System.ValueTuple`2", "System.ValueTuple`3", "System.ValueTuple`4",
        "System.ValueTuple`5", "System.ValueTuple`6", "System.ValueTuple`7", "System.ValueTuple`8",
        "System.Tuple`1", "System.Tuple`2", "System.Tuple`3", "System.Tuple`4", "System.Tuple`5", "System.Tuple`6",
        "System.Tuple`7", "System.Tuple`8", "System.Collections.Generic.KeyValuePair`2",
        "System.Collections.Generic.ComparisonComparer`1",
    ];

    public static ObjectCodec For(Type type) => ByType.GetOrAdd(type, Create);

    /// <summary>
    /// Whether values of <paramref name="type"/> can be copied as raw memory: no references, nothing refused, nothing
    /// skipped ([NonSerialized]), the same layout in both processes (same build).
    /// </summary>
    public static bool IsBlittable(Type type) => Blittable.GetOrAdd(type, static type =>
        type.IsValueType && !(bool)typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!
            .MakeGenericMethod(type).Invoke(null, null)!
        && For(type) switch
        {
            RefusedCodec => false,
            FieldCodec fields => fields.Fields.Count == type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Length
                && fields.Fields.All(field => IsBlittable(field.FieldType)),
            _ => true,
        });

    /// <summary>Whether <paramref name="type"/> comes with .NET (or a Microsoft package) rather than from Ember or the application.</summary>
    public static bool IsFramework(Type type)
    {
        var name = type.Assembly.GetName().Name ?? "";
        return name is "System.Private.CoreLib" or "mscorlib" or "netstandard" or "System"
            || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal);
    }

    private static ObjectCodec Create(Type type)
    {
        if (Refusals.ReasonFor(type) is { } reason)
        {
            return new RefusedCodec(reason);
        }
        if (ScalarCodecs.For(type) is { } scalar)
        {
            return scalar;
        }
        if (type.IsEnum)
        {
            return new EnumCodec(type);
        }
        if (type.IsSZArray)
        {
            return Generic(typeof(ArrayCodec<>), type.GetElementType()!);
        }
        if (type.IsArray)
        {
            return new MultiArrayCodec(type);
        }
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return new DelegateCodec(type);
        }
        if (type == typeof(object))
        {
            return new FreshCodec(static () => new object());
        }
        if (type == typeof(Lock))
        {
            return new FreshCodec(static () => Activator.CreateInstance(typeof(Lock))!);
        }
        if (CollectionCodecs.For(type) is { } collection)
        {
            return collection;
        }
        if (FrameworkCodecs.For(type) is { } known)
        {
            return known;
        }
        if (type.Namespace is "System.Linq" && type.IsAssignableTo(typeof(System.Collections.IEnumerable)))
        {
            return new RefusedCodec("a lazy LINQ query, which would run again on every executor: materialize it with ToArray() or ToList() first");
        }
        if (IsFramework(type) && !WalkableFramework.Contains((type.IsGenericType ? type.GetGenericTypeDefinition() : type).FullName!))
        {
            return new RefusedCodec(
                "a .NET type Ember does not send (it sends primitives, strings, enums, arrays, List, Dictionary, HashSet, " +
                "SortedDictionary, SortedSet, tuples, KeyValuePair, Type, Regex, CultureInfo, Encoding, Uri, FileInfo, " +
                "the framework's default comparers, delegates, and objects of the application's own types)");
        }
        if (type.Assembly.IsDynamic || type.Assembly.IsCollectible)
        {
            return new RefusedCodec("a type of a dynamic or collectible assembly, which another process cannot load");
        }
        return FieldCodec.Create(type);
    }

    /// <summary>The codec <paramref name="definition"/> closed over <paramref name="arguments"/>.</summary>
    public static ObjectCodec Generic(Type definition, params Type[] arguments) =>
        (ObjectCodec)Activator.CreateInstance(definition.MakeGenericType(arguments))!;
}

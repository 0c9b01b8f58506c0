using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ember.Partitioning;

/// <summary>
/// Builds, with a compiled expression tree, a hash that combines the stable hashes of a type's members, for the
/// types whose equality is memberwise: tuples, <see cref="KeyValuePair{TKey, TValue}"/>, compiler-generated record
/// equality, and structs left with <see cref="ValueType.Equals(object)"/>.
/// </summary>
internal static class MemberwiseHashBuilder
{
    private const BindingFlags InstanceFields =
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private static readonly MethodInfo OfMethod = typeof(StableHash).GetMethod(nameof(StableHash.Of))!;
    private static readonly MethodInfo CombineMethod = typeof(HashMixer).GetMethod(nameof(HashMixer.Combine))!;
    private static readonly MethodInfo FinishMethod = typeof(HashMixer).GetMethod(nameof(HashMixer.Finish))!;

    private static readonly HashSet<Type> ValueTuples =
    [
        typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>),
        typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>), typeof(ValueTuple<,,,,,,,>),
    ];

    private static readonly HashSet<Type> ReferenceTuples =
    [
        typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>),
        typeof(Tuple<,,,,>), typeof(Tuple<,,,,,>), typeof(Tuple<,,,,,,>), typeof(Tuple<,,,,,,,>),
    ];

    // Components in their documented order; the eighth of a long tuple is the nested Rest tuple.
    private static readonly string[] TupleItems = ["Item1", "Item2", "Item3", "Item4", "Item5", "Item6", "Item7", "Rest"];

    /// <summary>The memberwise hash of <typeparamref name="T"/>, or <c>null</c> when its equality is not memberwise.</summary>
    public static Func<T, int>? TryBuild<T>()
    {
        var members = MembersOf(typeof(T));
        if (members is null || members.Any(m => !CanBeTypeArgument(MemberType(m))))
        {
            return null;
        }

        var value = Expression.Parameter(typeof(T), "value");
        Expression state = Expression.Constant(0u);
        foreach (var member in members)
        {
            // Calls StableHash.Of<TMember> at hash time rather than capturing its delegate now: a recursive type
            // (a record holding a list node of itself) would otherwise see its own delegate still unset.
            var memberHash = Expression.Call(OfMethod.MakeGenericMethod(MemberType(member)), Expression.MakeMemberAccess(value, member));
            state = Expression.Call(CombineMethod, state, memberHash);
        }
        Expression body = Expression.Call(FinishMethod, state, Expression.Constant(members.Count));
        if (!typeof(T).IsValueType)
        {
            body = Expression.Condition(Expression.ReferenceEqual(value, Expression.Constant(null, typeof(T))), Expression.Constant(0), body);
        }
        return Expression.Lambda<Func<T, int>>(body, value).Compile();
    }

    private static List<MemberInfo>? MembersOf(Type type)
    {
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : null;
        if (definition is not null && ValueTuples.Contains(definition))
        {
            return [.. TupleItems.Take(type.GetGenericArguments().Length).Select(item => (MemberInfo)type.GetField(item)!)];
        }
        if (definition is not null && ReferenceTuples.Contains(definition))
        {
            return [.. TupleItems.Take(type.GetGenericArguments().Length).Select(item => (MemberInfo)type.GetProperty(item)!)];
        }
        if (IsRecordClass(type))
        {
            return RecordFields(type);
        }
        if (type.IsValueType && (HasGeneratedEquals(type) || !HasCustomEquality(type)))
        {
            return FieldsDeclaredBy(type);
        }
        return null;
    }

    /// <summary>
    /// Fields of the whole record chain, base first. Each record compares its own fields and its base's via
    /// base.Equals, so every level must have generated equality; one hand-written Equals makes the rule unknowable.
    /// </summary>
    private static List<MemberInfo>? RecordFields(Type type)
    {
        var chain = new List<Type>();
        for (var current = type; current is not null && IsRecordClass(current); current = current.BaseType)
        {
            if (!HasGeneratedEquals(current))
            {
                return null;
            }
            chain.Add(current);
        }
        chain.Reverse();
        return [.. chain.SelectMany(FieldsDeclaredBy)];
    }

    // Reflection does not promise an order; metadata tokens follow declaration order and so are the same every run.
    private static List<MemberInfo> FieldsDeclaredBy(Type type) =>
        [.. type.GetFields(InstanceFields).OrderBy(f => f.MetadataToken)];

    /// <summary>Record classes are the only types the compiler gives a protected <c>EqualityContract</c>.</summary>
    private static bool IsRecordClass(Type type) =>
        !type.IsValueType
        && type.GetProperty("EqualityContract", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly) is { } contract
        && contract.PropertyType == typeof(Type)
        && contract.GetMethod?.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) == true;

    /// <summary>A compiler-generated <c>Equals(T)</c>: a record or record struct whose equality was not hand-written.</summary>
    private static bool HasGeneratedEquals(Type type) =>
        type.GetMethod(nameof(Equals), BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly, [type]) is { } equals
        && equals.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    private static bool HasCustomEquality(Type type) =>
        type.GetMethod(nameof(Equals), [typeof(object)])!.DeclaringType != typeof(ValueType)
        || typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type);

    private static Type MemberType(MemberInfo member) =>
        member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType;

    private static bool CanBeTypeArgument(Type type) =>
        !type.IsPointer && !type.IsByRef && !type.IsByRefLike && !type.IsFunctionPointer;
}

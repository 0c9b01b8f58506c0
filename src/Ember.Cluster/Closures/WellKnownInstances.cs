using System.Collections.Concurrent;
using System.Reflection;

namespace Ember.Cluster.Closures;

/// <summary>
/// Instances that are one of a kind in every process: the framework's default comparers
/// (<c>Comparer&lt;T&gt;.Default</c>, <c>EqualityComparer&lt;T&gt;.Default</c>, <c>StringComparer.Ordinal</c>, ...)
/// and, in Ember's and the application's types, an object held by a static readonly field of its own type (a
/// <c>Default</c> or <c>Instance</c> singleton, the compiler's <c>&lt;&gt;c</c> holder of capture-free lambdas).
/// They travel as the member's name and come back as the receiver's own instance, never as a copy.
/// </summary>
internal static class WellKnownInstances
{
    private const BindingFlags AnyStatic = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly string[] StringComparers =
        [nameof(StringComparer.Ordinal), nameof(StringComparer.OrdinalIgnoreCase), nameof(StringComparer.InvariantCulture), nameof(StringComparer.InvariantCultureIgnoreCase)];

    private static readonly ConcurrentDictionary<Type, Member[]> Candidates = new();

    internal sealed record Member(Type Owner, string Name, object Value);

    /// <summary>The static member holding <paramref name="value"/> itself, if it is such an instance.</summary>
    public static Member? Find(Type type, object value)
    {
        if (type.IsValueType)
        {
            return null;
        }
        foreach (var member in Candidates.GetOrAdd(type, Discover))
        {
            if (ReferenceEquals(member.Value, value))
            {
                return member;
            }
        }
        return null;
    }

    /// <summary>
    /// The receiving process's instance of the member named <paramref name="name"/> of <paramref name="owner"/>: only
    /// a member <see cref="Find"/> could have chosen (a framework default comparer, or a static readonly field of a
    /// type holding an instance of itself), so the bytes cannot make this process run an arbitrary static getter.
    /// </summary>
    public static object Resolve(Type owner, string name)
    {
        var allowed = Codecs.IsFramework(owner)
            ? owner == typeof(StringComparer) && StringComparers.Contains(name)
              || owner.IsConstructedGenericType && name == nameof(Comparer<int>.Default)
                 && (owner.GetGenericTypeDefinition() == typeof(Comparer<>) || owner.GetGenericTypeDefinition() == typeof(EqualityComparer<>))
            : owner.GetField(name, AnyStatic | BindingFlags.DeclaredOnly) is { IsInitOnly: true } field && field.FieldType.IsAssignableFrom(owner);
        return (allowed ? Read(owner, name) : null)
            ?? throw new InvalidDataException($"The task binary names static member {name} of {owner}, which is not a well-known instance in this process's build.");
    }

    private static object? Read(Type owner, string name) =>
        owner.GetProperty(name, AnyStatic) is { } property ? property.GetValue(null)
        : owner.GetField(name, AnyStatic)?.GetValue(null);

    private static Member[] Discover(Type type)
    {
        var found = new List<Member>();
        if (Codecs.IsFramework(type))
        {
            foreach (var name in StringComparers)
            {
                Add(found, typeof(StringComparer), name, type);
            }
            foreach (var contract in type.GetInterfaces().Where(contract => contract.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IComparer<>))
                {
                    Add(found, typeof(Comparer<>).MakeGenericType(contract.GetGenericArguments()), nameof(Comparer<int>.Default), type);
                }
                else if (definition == typeof(IEqualityComparer<>))
                {
                    Add(found, typeof(EqualityComparer<>).MakeGenericType(contract.GetGenericArguments()), nameof(EqualityComparer<int>.Default), type);
                }
            }
            return [.. found];
        }
        // Only readonly statics: a mutable static may hold another object by the time the receiver reads it.
        foreach (var field in type.GetFields(AnyStatic | BindingFlags.DeclaredOnly))
        {
            if (field.IsInitOnly && field.FieldType.IsAssignableFrom(type) && !type.ContainsGenericParameters)
            {
                Add(found, type, field.Name, type);
            }
        }
        return [.. found];
    }

    private static void Add(List<Member> found, Type owner, string name, Type instanceType)
    {
        if (Read(owner, name) is { } value && value.GetType() == instanceType)
        {
            found.Add(new Member(owner, name, value));
        }
    }
}

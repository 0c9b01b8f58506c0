using System.Collections.Concurrent;
using System.Reflection;

namespace Ember.Partitioning;

/// <summary>
/// Hashes values held in variables of a non-sealed static type (<see cref="object"/>, an interface, a base class)
/// by the rule of their runtime type. Without it, <c>StableHash.Of&lt;object&gt;("a")</c> would fall back to the
/// string's randomized <see cref="object.GetHashCode"/>.
/// </summary>
internal static class RuntimeTypeHasher
{
    private static readonly ConcurrentDictionary<Type, Func<object, int>> ByRuntimeType = new();

    private static readonly MethodInfo HashAsMethod =
        typeof(RuntimeTypeHasher).GetMethod(nameof(HashAs), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Uses <paramref name="exact"/> when the value's runtime type is <typeparamref name="T"/> itself (which also
    /// stops the recursion), and the runtime type's own rule otherwise.
    /// </summary>
    public static Func<T, int> Wrap<T>(Func<T, int> exact) =>
        value => value is null ? 0 : value.GetType() == typeof(T) ? exact(value) : Hash(value);

    private static int Hash(object value) =>
        ByRuntimeType.GetOrAdd(value.GetType(), static type => HashAsMethod.MakeGenericMethod(type).CreateDelegate<Func<object, int>>())(value);

    private static int HashAs<TRuntime>(object value) => StableHasher<TRuntime>.Hash((TRuntime)value);
}

namespace Ember.Partitioning;

/// <summary>
/// Hash codes that are the same in every process, on every machine and in every run, for placing keys in partitions.
/// <see cref="string.GetHashCode()"/> and <see cref="HashCode"/> are randomized per process, so a key hashed with
/// them after a restart, or on another machine, would land in a different partition than its saved state.
/// </summary>
/// <remarks>
/// <para>What <see cref="Of{T}(T)"/> computes, by type (equal values always get equal codes):</para>
/// <list type="bullet">
/// <item><c>null</c>: 0.</item>
/// <item><see cref="IStableHashable"/>: its <see cref="IStableHashable.GetStableHashCode"/>, before any rule below.</item>
/// <item><see cref="string"/>: MurmurHash3 (x86, 32-bit, seed 0) of its UTF-16 little-endian code units.</item>
/// <item>Integers, <see cref="bool"/>, <see cref="char"/>, floating point, <see cref="decimal"/>, enums (by their
/// underlying value), <see cref="Guid"/>, <see cref="DateTime"/> (ticks; the kind is ignored, as Equals ignores it),
/// <see cref="DateTimeOffset"/> (the UTC instant), <see cref="TimeSpan"/>, <see cref="DateOnly"/>,
/// <see cref="TimeOnly"/>: a fixed mix of their bits. <c>0.0</c> and <c>-0.0</c> hash alike, as do all NaNs, and
/// <c>1.0m</c> and <c>1.00m</c>.</item>
/// <item><see cref="Nullable{T}"/>: 0 when empty, else the hash of the value.</item>
/// <item>Value tuples (nested ones and <c>TRest</c> included), <see cref="Tuple{T1}"/> and its larger siblings,
/// <see cref="KeyValuePair{TKey, TValue}"/>: the components' stable hashes combined in order.</item>
/// <item>Records and record structs whose equality the compiler generated, and structs that neither override
/// <see cref="object.Equals(object)"/> nor implement <see cref="IEquatable{T}"/>: the stable hashes of all instance
/// fields (private and inherited ones too) combined, which matches their memberwise equality.</item>
/// <item>Anything else (arrays and other reference-equality types, types with custom equality):
/// <see cref="EqualityComparer{T}.Default"/>, which agrees with Equals inside one process but is stable across
/// processes only if the type's own <see cref="object.GetHashCode"/> is. Such key types should implement
/// <see cref="IStableHashable"/>.</item>
/// </list>
/// <para>
/// When the static type <c>T</c> is <see cref="object"/>, an interface or a class that is not sealed, the rules apply
/// to the value's runtime type, so <c>Of&lt;object&gt;("a") == Of("a")</c>.
/// </para>
/// <para>
/// The codes are a persisted format: they never change between Ember versions for the types above. The rule for
/// each <c>T</c> is chosen once and cached, so hashing an <see cref="int"/>, <see cref="long"/> or
/// <see cref="string"/> neither boxes nor allocates nor reflects.
/// </para>
/// </remarks>
public static class StableHash
{
    /// <summary>Returns the process-independent hash of <paramref name="value"/>; see <see cref="StableHash"/>.</summary>
    /// <typeparam name="T">The static type of the value; its rule is selected once per type.</typeparam>
    /// <param name="value">The value to hash; may be <c>null</c>.</param>
    public static int Of<T>(T value) => StableHasher<T>.Hash(value);
}

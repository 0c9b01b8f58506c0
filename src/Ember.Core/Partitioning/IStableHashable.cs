namespace Ember.Partitioning;

/// <summary>
/// A key type that knows its own process-independent hash, used by <see cref="StableHash.Of{T}(T)"/> (and so by
/// hash partitioning) in place of anything <see cref="StableHash"/> would infer.
/// </summary>
/// <remarks>
/// Implement it on key types whose <see cref="object.Equals(object)"/> is custom (a case-insensitive name, a
/// canonicalized path), and on classes whose <see cref="object.GetHashCode"/> is not already stable. The contract:
/// <list type="bullet">
/// <item>values that are equal must return the same code;</item>
/// <item>the code depends only on the value's content and is the same in every process, on every machine and in every
/// run, because state restored after a restart and records exchanged between machines are placed by it. Never use
/// <see cref="string.GetHashCode()"/> (randomized per process), object identity, or <see cref="HashCode"/>
/// (randomly seeded).</item>
/// </list>
/// The easy way is to hash a tuple of the members that take part in equality, normalized the way Equals compares
/// them: <c>public int GetStableHashCode() =&gt; StableHash.Of((Name.ToUpperInvariant(), Id));</c>
/// </remarks>
public interface IStableHashable
{
    /// <summary>Returns a hash code that is equal for equal values and identical across processes and runs.</summary>
    int GetStableHashCode();
}

namespace Ember.Cluster.Closures;

/// <summary>The first byte of every reference slot in a task binary: what follows it.</summary>
internal enum WireTag : byte
{
    /// <summary>A null reference; nothing follows.</summary>
    Null = 0,

    /// <summary>An object met before in this binary; its id (a varint) follows.</summary>
    Reference = 1,

    /// <summary>A new object: its type, then its body as its codec writes it. It takes the next id.</summary>
    Object = 2,

    /// <summary>The driver's <see cref="EmberContext"/>: read back as the receiving process's own context.</summary>
    Context = 3,

    /// <summary>The driver context's serializer: read back as the receiving context's serializer.</summary>
    ContextSerializer = 4,

    /// <summary>A well-known instance held by a static member (<c>Comparer&lt;T&gt;.Default</c>, a singleton): its owner type and member name follow. It takes the next id.</summary>
    StaticMember = 5,

    /// <summary>A string, written as a value (no id: equal strings are not tied together); its bytes follow.</summary>
    String = 6,
}

/// <summary>The first bytes of a task binary, so bytes of another kind or format version fail at once.</summary>
internal static class WireFormat
{
    public const uint Magic = 0x31425445; // "ETB1", little-endian

    public const byte TypeNamed = 0;
    public const byte TypeArray = 1;
    public const byte TypeMultiArray = 2;
    public const byte TypeGeneric = 3;
}

using System.Buffers.Binary;
using Ember.Serialization;

namespace Ember.Cluster.Closures;

/// <summary>
/// <see cref="TaskBinary"/>'s object-graph codec as a record serializer, for the shuffle blocks executors exchange.
/// Unlike MessagePack's contractless mode, it keeps what local mode keeps: a value's runtime type behind an interface
/// or base-class member (a <c>SortedSet</c> combiner declared as <c>ISet</c>), shared references, and strings with
/// lone surrogates (MessagePack's UTF-8 replaces them).
/// </summary>
internal sealed class GraphSerializer(EmberContext context) : ISerializer
{
    private const int LengthPrefixSize = sizeof(int);

    public byte[] Serialize<T>(T value) => TaskBinary.Serialize(value, context);

    public void Serialize<T>(Stream destination, T value)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var bytes = Serialize(value);
        Span<byte> prefix = stackalloc byte[LengthPrefixSize];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, bytes.Length);
        destination.Write(prefix);
        destination.Write(bytes);
    }

    public T Deserialize<T>(ReadOnlyMemory<byte> bytes) => (T)TaskBinary.Deserialize(bytes.Span, context)!;

    public T Deserialize<T>(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> prefix = stackalloc byte[LengthPrefixSize];
        source.ReadExactly(prefix);
        var bytes = new byte[BinaryPrimitives.ReadInt32LittleEndian(prefix)];
        source.ReadExactly(bytes);
        return Deserialize<T>(bytes);
    }
}

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
    public byte[] Serialize<T>(T value) => TaskBinary.Serialize(value, context);

    public void Serialize<T>(Stream destination, T value) => LengthPrefixedFrames.Write(destination, Serialize(value));

    public T Deserialize<T>(ReadOnlyMemory<byte> bytes) => (T)TaskBinary.Deserialize(bytes.Span, context)!;

    public T Deserialize<T>(Stream source) => LengthPrefixedFrames.Read(source, Deserialize<T>, nameof(GraphSerializer));
}

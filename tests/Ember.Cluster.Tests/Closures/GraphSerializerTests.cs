using Ember.Cluster.Closures;

namespace Ember.Cluster.Tests.Closures;

public sealed class GraphSerializerTests
{
    [Fact]
    public void Deserialize_InterfaceTypedCollection_KeepsItsRuntimeType()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        var serializer = new GraphSerializer(context);

        var copy = serializer.Deserialize<ISet<int>>(serializer.Serialize<ISet<int>>(new SortedSet<int> { 3, 1 }));

        Assert.Equal([1, 3], Assert.IsType<SortedSet<int>>(copy));
    }

    [Fact]
    public void Deserialize_LoneSurrogate_ComesBackUnchanged()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        var serializer = new GraphSerializer(context);
        var halfAnEmoji = "🔥"[..1];

        Assert.Equal(halfAnEmoji, serializer.Deserialize<string>(serializer.Serialize(halfAnEmoji)));
    }

    [Fact]
    public void DeserializeStream_ValuesWrittenOneAfterAnother_ReadBackInOrder()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        var serializer = new GraphSerializer(context);
        using var stream = new MemoryStream();

        serializer.Serialize(stream, ("a", 1));
        serializer.Serialize(stream, new List<long> { 5, 6 });
        stream.Position = 0;

        Assert.Equal(("a", 1), serializer.Deserialize<(string, int)>(stream));
        Assert.Equal([5L, 6L], serializer.Deserialize<List<long>>(stream));
        Assert.Throws<EndOfStreamException>(() => serializer.Deserialize<int>(stream));
    }
}

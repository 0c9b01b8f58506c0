using Ember.Serialization;

namespace Ember.Tests.Serialization;

public sealed class MessagePackEmberSerializerTests
{
    public sealed record Order(string Customer, int Quantity, decimal Price, DateTime PlacedAt);

    public sealed class Person
    {
        public string Name { get; set; } = "";
        public int Age { get; set; }
        public List<string> Tags { get; set; } = [];
    }

    public sealed record Shipment
    {
        public required string Id { get; init; }
        public Guid TrackingId { get; init; }
        public DateTimeOffset ShippedAt { get; init; }
        public int? Priority { get; init; }
        public double? Weight { get; init; }
    }

    public sealed class Account
    {
        public Account(string owner) => Owner = owner;

        public string Owner { get; }

        // A private setter: plain contractless MessagePack silently skips it; AllowPrivate keeps it.
        public decimal Balance { get; private set; }

        public void Deposit(decimal amount) => Balance += amount;
    }

    public sealed class Catalog
    {
        public Dictionary<string, Order> ByCode { get; set; } = [];
    }

    public sealed class HasStream
    {
        public Stream? Body { get; set; }
    }

    public sealed class HasCallback
    {
        public Func<int>? Callback { get; set; }
    }

    public static TheoryData<bool> Compression => [false, true];

    [Theory]
    [MemberData(nameof(Compression))]
    public void RoundTrip_PositionalRecord_IsEqual(bool lz4)
    {
        var order = new Order("ada", 3, 9.99m, new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc));

        var back = RoundTrip(new MessagePackEmberSerializer(lz4), order);

        Assert.Equal(order, back);
        Assert.Equal(DateTimeKind.Utc, back.PlacedAt.Kind);
    }

    [Fact]
    public void RoundTrip_ClassWithGetSetProperties_KeepsValues()
    {
        var person = new Person { Name = "Grace", Age = 85, Tags = ["navy", "cobol"] };

        var back = RoundTrip(MessagePackEmberSerializer.Default, person);

        Assert.Equal("Grace", back.Name);
        Assert.Equal(85, back.Age);
        Assert.Equal(["navy", "cobol"], back.Tags);
    }

    [Fact]
    public void RoundTrip_RecordWithInitProperties_IsEqual()
    {
        var shipment = new Shipment
        {
            Id = "s-1",
            TrackingId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ShippedAt = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            Priority = 4,
            Weight = null,
        };

        var back = RoundTrip(MessagePackEmberSerializer.Default, shipment);

        Assert.Equal(shipment, back);
        Assert.Equal(TimeSpan.FromHours(2), back.ShippedAt.Offset);
    }

    [Fact]
    public void RoundTrip_PrivateSetterAndConstructor_KeepsState()
    {
        var account = new Account("linus");
        account.Deposit(12.5m);

        var back = RoundTrip(MessagePackEmberSerializer.Default, account);

        Assert.Equal("linus", back.Owner);
        Assert.Equal(12.5m, back.Balance);
    }

    [Fact]
    public void RoundTrip_ValueTuple_IsEqual() =>
        Assert.Equal(("word", 42), RoundTrip(MessagePackEmberSerializer.Default, ("word", 42)));

    [Fact]
    public void RoundTrip_NestedCollections_AreEqual()
    {
        var nested = new List<Dictionary<string, int[]>> { new() { ["a"] = [1, 2], ["b"] = [] }, new() };

        var back = RoundTrip(MessagePackEmberSerializer.Default, nested);

        Assert.Equal(nested, back);
    }

    [Fact]
    public void RoundTrip_NullString_IsNull() =>
        Assert.Null(RoundTrip<string?>(MessagePackEmberSerializer.Default, null));

    [Fact]
    public void RoundTrip_ClassContainingDictionary_KeepsEntries()
    {
        var catalog = new Catalog { ByCode = { ["x1"] = new Order("bob", 1, 0.5m, DateTime.UnixEpoch) } };

        var back = RoundTrip(MessagePackEmberSerializer.Default, catalog);

        Assert.Equal(catalog.ByCode, back.ByCode);
    }

    [Fact]
    public void Deserialize_BytesFromSerialize_RoundTrip()
    {
        var serializer = new MessagePackEmberSerializer(useLz4Compression: true);
        var values = Enumerable.Range(0, 500).Select(i => ("same text again and again", i)).ToList();

        var bytes = serializer.Serialize(values);

        Assert.Equal(values, serializer.Deserialize<List<(string, int)>>(bytes));
    }

    [Theory]
    [MemberData(nameof(Compression))]
    public void Deserialize_SeveralValuesOnOneStream_ReadsThemBackInOrder(bool lz4)
    {
        var serializer = new MessagePackEmberSerializer(lz4);
        using var stream = new MemoryStream();
        serializer.Serialize(stream, new Order("a", 1, 1m, DateTime.UnixEpoch));
        serializer.Serialize(stream, "between");
        serializer.Serialize(stream, new Order("b", 2, 2m, DateTime.UnixEpoch));
        serializer.Serialize(stream, 7);
        stream.Position = 0;

        Assert.Equal(new Order("a", 1, 1m, DateTime.UnixEpoch), serializer.Deserialize<Order>(stream));
        Assert.Equal("between", serializer.Deserialize<string>(stream));
        Assert.Equal(new Order("b", 2, 2m, DateTime.UnixEpoch), serializer.Deserialize<Order>(stream));
        Assert.Equal(7, serializer.Deserialize<int>(stream));
        Assert.Equal(stream.Length, stream.Position);
        Assert.Throws<EndOfStreamException>(() => serializer.Deserialize<int>(stream));
    }

    [Fact]
    public void Serialize_ToStream_LeavesStreamOpen()
    {
        using var stream = new MemoryStream();

        MessagePackEmberSerializer.Default.Serialize(stream, 1);

        Assert.True(stream.CanWrite);
    }

    [Fact]
    public void Serialize_TypeWithStreamMember_ThrowsNamingTheType()
    {
        var error = Assert.Throws<EmberSerializationException>(
            () => MessagePackEmberSerializer.Default.Serialize(new HasStream { Body = new MemoryStream() }));

        Assert.Equal(typeof(HasStream), error.TargetType);
        Assert.StartsWith(
            "Ember cannot serialize type 'Ember.Tests.Serialization.MessagePackEmberSerializerTests.HasStream': ",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains("System.IO.Stream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_TypeWithDelegateMember_ThrowsOnStreamToo()
    {
        using var stream = new MemoryStream();

        var error = Assert.Throws<EmberSerializationException>(
            () => MessagePackEmberSerializer.Default.Serialize(stream, new HasCallback { Callback = () => 1 }));

        Assert.Equal(typeof(HasCallback), error.TargetType);
        Assert.Contains("MessagePackEmberSerializerTests.HasCallback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_BytesOfAnotherType_ThrowsNamingTheType()
    {
        var bytes = MessagePackEmberSerializer.Default.Serialize("not a number");

        var error = Assert.Throws<EmberSerializationException>(
            () => MessagePackEmberSerializer.Default.Deserialize<List<int>>(bytes));

        Assert.Contains("'System.Collections.Generic.List<int>'", error.Message, StringComparison.Ordinal);
    }

    private static T RoundTrip<T>(ISerializer serializer, T value)
    {
        var fromBytes = serializer.Deserialize<T>(serializer.Serialize(value));
        using var stream = new MemoryStream();
        serializer.Serialize(stream, value);
        stream.Position = 0;
        var fromStream = serializer.Deserialize<T>(stream);
        Assert.Equal(MessagePackEmberSerializer.Default.Serialize(fromBytes), MessagePackEmberSerializer.Default.Serialize(fromStream));
        return fromBytes;
    }
}

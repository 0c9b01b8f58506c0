using System.Text.Json;
using Ember.Serialization;

namespace Ember.Streaming.Kafka.Tests;

/// <summary>A direct stream's allocation, its offset ranges, is plain data: checkpoints keep it as JSON, tasks carry it through the context's serializer.</summary>
public sealed class OffsetRangeTests
{
    private static readonly IReadOnlyList<OffsetRange> Ranges = [new("orders", 0, 10, 25), new("orders", 1, 7, 7)];

    [Fact]
    public void OffsetRanges_ThroughJson_RoundTrip()
    {
        var json = JsonSerializer.Serialize(Ranges);

        Assert.Equal(Ranges, JsonSerializer.Deserialize<IReadOnlyList<OffsetRange>>(json));
    }

    [Fact]
    public void OffsetRanges_ThroughTheContextSerializer_RoundTrip()
    {
        var serializer = MessagePackEmberSerializer.Default;

        Assert.Equal(Ranges, serializer.Deserialize<IReadOnlyList<OffsetRange>>(serializer.Serialize(Ranges)));
    }
}

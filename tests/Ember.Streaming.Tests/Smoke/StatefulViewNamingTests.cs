using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Tests.Smoke;

public class StatefulViewNamingTests
{
    [Fact]
    public async Task WithNameAndCheckpoint_OnCountByWindow_ConfigureItsIncrementalWindowState()
    {
        var checkpoint = Path.Combine(Path.GetTempPath(), $"ember-view-{Guid.NewGuid():N}");
        using var ember = new EmberContext(new EmberOptions { Master = "local[2]" });
        await using var ssc = new StreamingContext(ember, TimeSpan.FromSeconds(1), new StreamingOptions { TimeProvider = new FakeTimeProvider() });
        ssc.Checkpoint(checkpoint);
        ssc.QueueStream(new ConcurrentQueue<Rdd<int>>())
           .CountByWindow(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2))
           .WithName("recent-count")
           .Checkpoint(TimeSpan.FromSeconds(6))
           .ForEachRdd(_ => { });

        ssc.Start();

        var state = Assert.Single(ssc.Graph.Stateful);
        Assert.Equal("recent-count", state.CheckpointId);
        Assert.Equal(TimeSpan.FromSeconds(6), state.CheckpointInterval);
        await ssc.StopAsync();
        Directory.Delete(checkpoint, recursive: true);
    }
}

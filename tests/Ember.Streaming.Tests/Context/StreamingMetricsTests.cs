using System.Diagnostics.Metrics;

namespace Ember.Streaming.Tests.Context;

public class StreamingMetricsTests
{
    [Fact]
    public async Task BatchesCounter_EachCompletedBatch_IncreasesByOne()
    {
        await using var h = new StreamingHarness();
        long batches = 0;
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Ember.Streaming" && instrument.Name == "ember.streaming.batches")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "ember.application" && Equals(tag.Value, h.Ember.ApplicationId))
                {
                    Interlocked.Add(ref batches, value);
                }
            }
        });
        meterListener.Start();
        h.Queue<int>([1], [2, 3]).ForEachRdd(_ => { });
        h.Context.Start();
        Assert.Equal(0, Interlocked.Read(ref batches));

        for (var i = 1; i <= 3; i++)
        {
            await h.RunBatchAsync();
            Assert.Equal(i, Interlocked.Read(ref batches));
        }
    }
}

namespace Ember.Streaming.Kafka.Tests;

public class PartitionRatesTests
{
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);

    [Fact]
    public void ShareByLag_SplitsTheRateInProportionToLag_TimesTheBatchInterval()
    {
        var limits = PartitionRates.ShareByLag(1000, TwoSeconds, new Dictionary<string, long> { ["a"] = 600, ["b"] = 300, ["c"] = 100 });

        // Shares 60 %, 30 %, 10 % of 1000/s, over 2 s.
        Assert.Equal(new Dictionary<string, long> { ["a"] = 1200, ["b"] = 600, ["c"] = 200 }, limits);
    }

    [Fact]
    public void ShareByLag_TruncatesAndFloorsAtOneRecordPerPartition()
    {
        var limits = PartitionRates.ShareByLag(100, TimeSpan.FromSeconds(1), new Dictionary<int, long> { [0] = 997, [1] = 2, [2] = 1, [3] = 0 });

        // 99.7 → 99; 0.2 → 0 → 1; 0.1 → 0 → 1; no lag → the floor, 1 (the caller reads min(limit, lag) = 0).
        Assert.Equal(new Dictionary<int, long> { [0] = 99, [1] = 1, [2] = 1, [3] = 1 }, limits);
    }

    [Fact]
    public void ShareByLag_NoLagAnywhere_GivesEachPartitionTheFloor()
    {
        var limits = PartitionRates.ShareByLag(100, TimeSpan.FromSeconds(1), new Dictionary<int, long> { [0] = 0, [1] = 0 }, minPerPartition: 5);

        Assert.Equal(new Dictionary<int, long> { [0] = 5, [1] = 5 }, limits);
    }

    [Fact]
    public void ShareByLag_NegativeLagCountsAsNone()
    {
        var limits = PartitionRates.ShareByLag(100, TimeSpan.FromSeconds(1), new Dictionary<int, long> { [0] = -50, [1] = 50 });

        Assert.Equal(new Dictionary<int, long> { [0] = 1, [1] = 100 }, limits);
    }

    [Fact]
    public void ShareByLag_MaxRatePerPartition_CapsEachShare()
    {
        var limits = PartitionRates.ShareByLag(1000, TwoSeconds, new Dictionary<string, long> { ["a"] = 900, ["b"] = 100 }, maxRatePerPartition: 200);

        Assert.Equal(new Dictionary<string, long> { ["a"] = 400, ["b"] = 200 }, limits);
    }

    [Fact]
    public void ShareByLag_SubSecondInterval_AndEmptyInput()
    {
        var limits = PartitionRates.ShareByLag(1000, TimeSpan.FromMilliseconds(500), new Dictionary<int, long> { [0] = 1, [1] = 3 });

        Assert.Equal(new Dictionary<int, long> { [0] = 125, [1] = 375 }, limits);
        Assert.Empty(PartitionRates.ShareByLag(1000, TwoSeconds, new Dictionary<int, long>()));
    }

    [Fact]
    public void ShareByLag_HugeNumbers_Saturate()
    {
        var limits = PartitionRates.ShareByLag(long.MaxValue, TimeSpan.FromDays(1), new Dictionary<int, long> { [0] = long.MaxValue });

        Assert.Equal(long.MaxValue, limits[0]);
    }

    [Fact]
    public void ShareByLag_RejectsBadArguments()
    {
        var lags = new Dictionary<int, long> { [0] = 1 };
        Assert.Throws<ArgumentOutOfRangeException>(() => PartitionRates.ShareByLag(0, TwoSeconds, lags));
        Assert.Throws<ArgumentOutOfRangeException>(() => PartitionRates.ShareByLag(1, TimeSpan.Zero, lags));
        Assert.Throws<ArgumentOutOfRangeException>(() => PartitionRates.ShareByLag(1, TwoSeconds, lags, maxRatePerPartition: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PartitionRates.ShareByLag(1, TwoSeconds, lags, minPerPartition: -1));
        Assert.Throws<ArgumentNullException>(() => PartitionRates.ShareByLag<int>(1, TwoSeconds, null!));
    }
}

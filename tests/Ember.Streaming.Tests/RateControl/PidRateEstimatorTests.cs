using Ember.Streaming.RateControl;

namespace Ember.Streaming.Tests.RateControl;

/// <summary>The estimator against values computed by hand from Spark's formula.</summary>
public class PidRateEstimatorTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static Time At(long seconds) => new(seconds * 1000);

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void Compute_FirstBatch_OnlyRecordsItsProcessingRate()
    {
        var estimator = new PidRateEstimator(Second);

        Assert.Null(estimator.Compute(At(1), 1000, Ms(500), Ms(0)));

        // latestRate = 1000 / 0.5 s = 2000, latestError = 0. Second batch: processingRate = 1000 / 1 s = 1000;
        // error = 2000 - 1000 = 1000; historicalError = 200 ms × 1000 / 1000 ms = 200;
        // newRate = 2000 - 1.0 × 1000 - 0.2 × 200 - 0 = 960.
        Assert.Equal(960, estimator.Compute(At(2), 1000, Ms(1000), Ms(200))!.Value, 9);
    }

    [Fact]
    public void Compute_SeveralBatches_FollowsSparksFormula()
    {
        var estimator = new PidRateEstimator(Second);
        estimator.Compute(At(1), 1000, Ms(500), Ms(0));
        estimator.Compute(At(2), 1000, Ms(1000), Ms(200));

        // latestRate 960. processingRate = 960 / 1.2 s = 800; error = 160; historicalError = 400 × 800 / 1000 = 320;
        // newRate = 960 - 160 - 0.2 × 320 = 736.
        Assert.Equal(736, estimator.Compute(At(3), 960, Ms(1200), Ms(400))!.Value, 9);
        // processingRate = 736 / 0.5 s = 1472; error = 736 - 1472 = -736; no queue: newRate = 736 + 736 = 1472.
        Assert.Equal(1472, estimator.Compute(At(4), 736, Ms(500), Ms(0))!.Value, 9);
    }

    [Fact]
    public void Compute_WithDerivative_UsesTheErrorsChangePerSecondSinceTheLastUpdate()
    {
        var estimator = new PidRateEstimator(Second, proportional: 1.0, integral: 0.2, derivative: 0.5);
        estimator.Compute(At(1), 1000, Ms(500), Ms(0));

        // error = 1000, dError = (1000 - 0) / 1 s; newRate = 2000 - 1000 - 0.2 × 200 - 0.5 × 1000 = 460.
        Assert.Equal(460, estimator.Compute(At(2), 1000, Ms(1000), Ms(200))!.Value, 9);
        // Two seconds later: processingRate = 460 / 1 s = 460; error = 0; dError = (0 - 1000) / 2 s = -500;
        // newRate = 460 - 0 - 0 + 0.5 × 500 = 710.
        Assert.Equal(710, estimator.Compute(At(4), 460, Ms(1000), Ms(0))!.Value, 9);
    }

    [Fact]
    public void Compute_WithOtherGainsAndInterval_ScalesTheIntegralByTheBatchInterval()
    {
        var estimator = new PidRateEstimator(TimeSpan.FromSeconds(2), proportional: 0.5, integral: 1.0, derivative: 0, minRate: 10);
        estimator.Compute(At(2), 400, Ms(1000), Ms(0)); // latestRate 400

        // processingRate = 300 / 1.5 s = 200; error = 200; historicalError = 1000 ms × 200 / 2000 ms = 100;
        // newRate = 400 - 0.5 × 200 - 1.0 × 100 = 200.
        Assert.Equal(200, estimator.Compute(At(4), 300, Ms(1500), Ms(1000))!.Value, 9);
    }

    [Fact]
    public void Compute_NeverBelowTheMinimumRate()
    {
        var estimator = new PidRateEstimator(Second, minRate: 150);
        estimator.Compute(At(1), 1000, Ms(1000), Ms(0));

        // processingRate 100, error 900, a 10 s queue: 1000 - 900 - 0.2 × 1000 = -100, so the floor.
        Assert.Equal(150, estimator.Compute(At(2), 100, Ms(1000), Ms(10_000))!.Value, 9);
        // The floor is the new latest rate: processingRate 200, error -50: 150 + 50 = 200.
        Assert.Equal(200, estimator.Compute(At(3), 200, Ms(1000), Ms(0))!.Value, 9);
    }

    [Fact]
    public void Compute_IgnoresBatchesWithoutRecordsOrProcessingTimeOrNotLater()
    {
        var estimator = new PidRateEstimator(Second);
        Assert.Null(estimator.Compute(At(1), 0, Ms(500), Ms(0)));      // no records: not even the first run
        Assert.Null(estimator.Compute(At(1), 10, Ms(0), Ms(0)));       // no processing time
        Assert.Null(estimator.Compute(At(1), 1000, Ms(500), Ms(0)));   // first run: latestRate 2000

        Assert.Null(estimator.Compute(At(1), 1, Ms(1), Ms(0)));        // same time
        Assert.Null(estimator.Compute(At(0), 1, Ms(1), Ms(0)));        // earlier
        Assert.Null(estimator.Compute(At(2), 0, Ms(1000), Ms(0)));     // no records
        Assert.Null(estimator.Compute(At(2), 10, Ms(0), Ms(0)));       // no processing time

        // None of those moved the state: same as the second valid call of the first test.
        Assert.Equal(960, estimator.Compute(At(2), 1000, Ms(1000), Ms(200))!.Value, 9);
    }

    [Fact]
    public void Constructor_DefaultsAreSparks()
    {
        var estimator = new PidRateEstimator(Second);

        Assert.Equal((1.0, 0.2, 0.0, 100.0), (estimator.Proportional, estimator.Integral, estimator.Derivative, estimator.MinRate));
        Assert.Equal(Second, estimator.BatchInterval);
    }

    [Theory]
    [InlineData(-0.1, 0.2, 0.0, 100.0, "proportional")]
    [InlineData(1.0, -1.0, 0.0, 100.0, "integral")]
    [InlineData(1.0, 0.2, -0.5, 100.0, "derivative")]
    [InlineData(double.NaN, 0.2, 0.0, 100.0, "proportional")]
    [InlineData(1.0, double.PositiveInfinity, 0.0, 100.0, "integral")]
    [InlineData(1.0, 0.2, 0.0, 0.0, "minRate")]
    [InlineData(1.0, 0.2, 0.0, -5.0, "minRate")]
    [InlineData(1.0, 0.2, 0.0, double.NaN, "minRate")]
    public void Constructor_InvalidSettings_ThrowNamingTheSetting(double proportional, double integral, double derivative, double minRate, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PidRateEstimator(Second, proportional, integral, derivative, minRate));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains("spark.streaming.backpressure.pid.", error.Message);
    }

    [Fact]
    public void Constructor_AllGainsZero_IsAllowed()
    {
        var estimator = new PidRateEstimator(Second, 0, 0, 0, 1);
        estimator.Compute(At(1), 1000, Ms(1000), Ms(0));

        Assert.Equal(1000, estimator.Compute(At(2), 5, Ms(1000), Ms(5000))!.Value, 9);
    }

    [Fact]
    public void ConstructorAndCompute_OutOfRangeArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PidRateEstimator(TimeSpan.Zero));
        var estimator = new PidRateEstimator(Second);
        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Compute(At(1), -1, Ms(1), Ms(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Compute(At(1), 1, Ms(-1), Ms(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Compute(At(1), 1, Ms(1), Ms(-1)));
    }
}

using Ember.Streaming.ML.Regression;
using Ember.Streaming.Testing;

namespace Ember.Streaming.ML.Tests.Regression;

public sealed class StreamingLinearRegressionWithSgdTests
{
    private static readonly double[] TrueWeights = [10.0, -3.0, 0.5];

    [Fact]
    public async Task TrainOn_GeneratedData_ConvergesToKnownWeights()
    {
        var random = new Random(5);
        var batches = Enumerable.Range(0, 15).Select(_ => Generated.Linear(random, TrueWeights, 100, noise: 0.1)).ToList();
        var model = new StreamingLinearRegressionWithSgd().InitialWeights(new double[3]);

        var predictions = await StreamingTest.RunAsync(batches, stream =>
        {
            model.TrainOn(stream);
            return model.PredictOnValues(stream.Map(point => (point.Label, point.Features)));
        }, batches: batches.Count);

        Assert.All(model.LatestModel().Weights.Zip(TrueWeights), pair => Assert.Equal(pair.Second, pair.First, 0.05));
        Assert.Equal(0.0, model.LatestModel().Intercept);
        // Predictions use the model trained on the same batch: within the noise of the labels.
        Assert.InRange(predictions[^1].Average(p => Math.Abs(p.Key - p.Value)), 0, 0.2);
        Assert.InRange(predictions[0].Average(p => Math.Abs(p.Key - p.Value)), 1.0, double.MaxValue);
    }

    [Fact]
    public async Task TrainOn_HalfOfEachBatchPerIteration_StillConvergesAndRepeatsExactly()
    {
        var random = new Random(6);
        var batches = Enumerable.Range(0, 15).Select(_ => Generated.Linear(random, TrueWeights, 100, noise: 0.1)).ToList();

        async Task<double[]> TrainAsync()
        {
            var model = new StreamingLinearRegressionWithSgd().MiniBatchFraction(0.5).InitialWeights(new double[3]);
            await StreamingTest.RunAsync(batches, stream =>
            {
                model.TrainOn(stream);
                return stream;
            }, batches: batches.Count);
            return model.LatestModel().Weights;
        }

        var first = await TrainAsync();
        // Each iteration samples with Spark's seed 42 + i: the same batches give the same weights.
        Assert.Equal(first, await TrainAsync());
        Assert.All(first.Zip(TrueWeights), pair => Assert.Equal(pair.Second, pair.First, 0.05));
    }

    [Fact]
    public async Task TrainOn_OneBatch_TakesSparkGradientSteps()
    {
        var batch = Generated.Linear(new Random(9), [2.0, 1.0], 20, noise: 0.5);
        var model = new StreamingLinearRegressionWithSgd().StepSize(0.3).NumIterations(7).ConvergenceTolerance(0).InitialWeights([0.5, 0.5]);

        await StreamingTest.RunAsync([batch], stream =>
        {
            model.TrainOn(stream);
            return stream;
        }, batches: 1);

        // Spark: w ← w - (step/√i) · mean over points of (w·x - y) x, for i = 1..iterations.
        double[] expected = [0.5, 0.5];
        for (var i = 1; i <= 7; i++)
        {
            var current = expected;
            var gradient = new double[2];
            foreach (var point in batch)
            {
                var error = Generated.Dot(current, point.Features) - point.Label;
                gradient[0] += error * point.Features[0] / batch.Count;
                gradient[1] += error * point.Features[1] / batch.Count;
            }
            expected = [current[0] - 0.3 / Math.Sqrt(i) * gradient[0], current[1] - 0.3 / Math.Sqrt(i) * gradient[1]];
        }
        Assert.Equal(expected, model.LatestModel().Weights, new Tolerance(1e-12));
    }

    [Fact]
    public async Task TrainOn_EmptyBatch_KeepsTheModel()
    {
        var model = new StreamingLinearRegressionWithSgd().InitialWeights([1.0, 2.0]);

        await StreamingTest.RunAsync(new[] { Array.Empty<LabeledPoint>() }, stream =>
        {
            model.TrainOn(stream);
            return stream;
        }, batches: 2);

        Assert.Equal([1.0, 2.0], model.LatestModel().Weights);
    }

    [Fact]
    public void TrainOn_WithoutInitialWeights_Throws()
    {
        var model = new StreamingLinearRegressionWithSgd();

        Assert.Throws<InvalidOperationException>(() => model.LatestModel());
        Assert.Throws<ArgumentOutOfRangeException>(() => model.MiniBatchFraction(0));
        Assert.Throws<ArgumentException>(() => new LinearRegressionModel([1.0, 2.0]).Predict([1.0]));
    }
}

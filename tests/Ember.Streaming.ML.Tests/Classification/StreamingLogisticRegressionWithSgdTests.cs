using Ember.Streaming.ML.Classification;
using Ember.Streaming.Testing;

namespace Ember.Streaming.ML.Tests.Classification;

public sealed class StreamingLogisticRegressionWithSgdTests
{
    private static readonly double[] TrueWeights = [1.5, -1.0];

    [Fact]
    public async Task TrainOn_GeneratedData_ConvergesToKnownWeights()
    {
        var random = new Random(21);
        var batches = Enumerable.Range(0, 30).Select(_ => Generated.Logistic(random, TrueWeights, 400)).ToList();
        var model = new StreamingLogisticRegressionWithSgd().InitialWeights([0.0, 0.0]);

        var predictions = await StreamingTest.RunAsync(batches, stream =>
        {
            model.TrainOn(stream);
            return model.PredictOnValues(stream.Map(point => (point.Label, point.Features)));
        }, batches: batches.Count);

        Assert.All(model.LatestModel().Weights.Zip(TrueWeights), pair => Assert.Equal(pair.Second, pair.First, 0.3));
        // The Bayes-optimal accuracy on this data is about 0.8.
        Assert.InRange(predictions[^1].Count(p => p.Key == p.Value) / (double)predictions[^1].Count, 0.72, 1.0);
    }

    [Fact]
    public async Task TrainOn_WithRegularization_TakesSparkL2Steps()
    {
        var batch = Generated.Logistic(new Random(4), TrueWeights, 30);
        var model = new StreamingLogisticRegressionWithSgd().StepSize(1.0).NumIterations(5).RegParam(0.1).ConvergenceTolerance(0).InitialWeights([0.2, 0.2]);

        await StreamingTest.RunAsync([batch], stream =>
        {
            model.TrainOn(stream);
            return stream;
        }, batches: 1);

        // Spark: s = step/√i; w ← (1 - s·λ) w - s · mean over points of (σ(w·x) - y) x.
        double[] expected = [0.2, 0.2];
        for (var i = 1; i <= 5; i++)
        {
            var current = expected;
            var gradient = new double[2];
            foreach (var point in batch)
            {
                var error = 1.0 / (1.0 + Math.Exp(-Generated.Dot(current, point.Features))) - point.Label;
                gradient[0] += error * point.Features[0] / batch.Count;
                gradient[1] += error * point.Features[1] / batch.Count;
            }
            var step = 1.0 / Math.Sqrt(i);
            expected = [(1 - step * 0.1) * current[0] - step * gradient[0], (1 - step * 0.1) * current[1] - step * gradient[1]];
        }
        Assert.Equal(expected, model.LatestModel().Weights, new Tolerance(1e-12));
    }

    [Fact]
    public async Task TrainOn_LabelOtherThanZeroOrOne_FailsTheBatch()
    {
        var model = new StreamingLogisticRegressionWithSgd().InitialWeights([0.0]);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => StreamingTest.RunAsync(new[] { new[] { new LabeledPoint(2.0, [1.0]) } }, stream =>
        {
            model.TrainOn(stream);
            return stream;
        }, batches: 1));

        Assert.Contains("labels 0 or 1", error.ToString());
    }

    [Fact]
    public void Predict_WithAndWithoutThreshold_GivesClassOrProbability()
    {
        Assert.Equal(1.0, new LogisticRegressionModel([2.0]).Predict([1.0]));
        Assert.Equal(0.0, new LogisticRegressionModel([2.0], threshold: 0.9).Predict([1.0]));
        Assert.Equal(1.0 / (1.0 + Math.Exp(-2.0)), new LogisticRegressionModel([2.0], threshold: null).Predict([1.0]), 12);
    }
}

using Ember.Streaming.ML.Clustering;
using Ember.Streaming.Testing;

namespace Ember.Streaming.ML.Tests.Clustering;

public sealed class StreamingKMeansTests
{
    private static readonly double[][] TrueCenters = [[-8.0, 0.0], [8.0, 8.0], [0.0, -9.0]];

    [Fact]
    public async Task TrainOn_GeneratedClusters_RecoversKnownCentres()
    {
        var random = new Random(7);
        // With no decay, the first batches' assignments (from random centres) stay in the means: enough batches dilute them.
        var batches = Enumerable.Range(0, 30)
            .Select(_ => Enumerable.Range(0, 60).Select(i => (Cluster: i % 3, Point: Generated.Around(random, TrueCenters[i % 3], 1.0))).ToList())
            .ToList();
        var kmeans = new StreamingKMeans(k: 3).RandomCenters(dimension: 2, weight: 0.0, seed: 42);

        var predictions = await StreamingTest.RunAsync(batches, stream =>
        {
            kmeans.TrainOn(stream.Map(labelled => labelled.Point));
            return kmeans.PredictOnValues(stream.Map(labelled => (labelled.Cluster, labelled.Point)));
        }, batches: batches.Count);

        var centers = kmeans.LatestModel().ClusterCenters;
        foreach (var truth in TrueCenters)
        {
            Assert.InRange(centers.Min(center => Generated.Distance(center, truth)), 0, 0.3);
        }
        // Every true cluster maps to one model cluster of its own.
        var assigned = predictions[^1].GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Value).Distinct().Single());
        Assert.Equal(3, assigned.Values.Distinct().Count());
        Assert.Equal(1800, kmeans.LatestModel().ClusterWeights.Sum(), 6);
    }

    [Fact]
    public async Task TrainOn_OneBatch_MovesEachCentreToTheDiscountedWeightedMean()
    {
        var kmeans = new StreamingKMeans(k: 2).DecayFactor(0.5).InitialCenters([[0.0, 0.0], [10.0, 10.0]], [10.0, 5.0]);
        double[][] batch = [[1.0, 1.0], [3.0, 3.0], [12.0, 12.0]];

        await StreamingTest.RunAsync([batch], stream =>
        {
            kmeans.TrainOn(stream);
            return stream;
        }, batches: 1);

        // Old weights halved (10 → 5, 5 → 2.5); c0 = (5·(0,0) + (1,1) + (3,3)) / 7, c1 = (2.5·(10,10) + (12,12)) / 3.5.
        var model = kmeans.LatestModel();
        Assert.Equal([7.0, 3.5], model.ClusterWeights);
        Assert.Equal(4.0 / 7, model.ClusterCenters[0][0], 12);
        Assert.Equal(37.0 / 3.5, model.ClusterCenters[1][1], 12);
    }

    [Fact]
    public async Task HalfLife_InPoints_DiscountsOncePerPoint()
    {
        var kmeans = new StreamingKMeans(k: 2).HalfLife(2, StreamingKMeans.Points).InitialCenters([[0.0], [100.0]], [8.0, 8.0]);
        double[][] batch = [[1.0], [1.0], [1.0], [1.0]];

        await StreamingTest.RunAsync([batch], stream =>
        {
            kmeans.TrainOn(stream);
            return stream;
        }, batches: 1);

        // Four points at half life 2 points: old weights × 0.25.
        Assert.Equal(Math.Exp(Math.Log(0.5) / 2), kmeans.DecayFactorValue, 12);
        Assert.Equal([2.0 + 4.0, 2.0], kmeans.LatestModel().ClusterWeights, new Tolerance(1e-9));
    }

    [Fact]
    public async Task TrainOn_WithDecay_FollowsMovingCentres()
    {
        // Two clusters drift by 0.5 per batch; after 30 batches they are 15 away from where they started.
        const int Batches = 30;
        static double[][] At(int batch) => [[0.5 * batch, 0.0], [0.5 * batch, 20.0]];
        var random = new Random(11);
        var batches = Enumerable.Range(1, Batches)
            .Select(batch => Enumerable.Range(0, 40).Select(i => Generated.Around(random, At(batch)[i % 2], 0.5)).ToList())
            .ToList();
        var decayed = new StreamingKMeans(k: 2).HalfLife(1, StreamingKMeans.Batches).InitialCenters([[0.0, 0.0], [0.0, 20.0]], [0.0, 0.0]);
        var remembering = new StreamingKMeans(k: 2).InitialCenters([[0.0, 0.0], [0.0, 20.0]], [0.0, 0.0]);

        await StreamingTest.RunAsync(batches, stream =>
        {
            decayed.TrainOn(stream);
            remembering.TrainOn(stream);
            return stream;
        }, batches: Batches);

        var now = At(Batches);
        // Half-life one batch: the centre lags by about one batch's drift. No decay: it sits near the mean of all batches.
        Assert.All(decayed.LatestModel().ClusterCenters.Zip(now), pair => Assert.InRange(Generated.Distance(pair.First, pair.Second), 0, 0.8));
        Assert.All(remembering.LatestModel().ClusterCenters.Zip(now), pair => Assert.InRange(Generated.Distance(pair.First, pair.Second), 6, 9));
    }

    [Fact]
    public async Task TrainOn_ClusterWithNoWeight_IsSplitFromTheLargest()
    {
        // All points fall around (0, 0): the centre at (100, 100) gets nothing, its weight stays 0 and it dies.
        var random = new Random(3);
        var batches = Enumerable.Range(0, 20)
            .Select(_ => Enumerable.Range(0, 50).Select(i => Generated.Around(random, i % 2 == 0 ? [-2.0, 0.0] : [2.0, 0.0], 0.3)).ToList())
            .ToList();
        var kmeans = new StreamingKMeans(k: 2).InitialCenters([[0.0, 0.0], [100.0, 100.0]], [0.0, 0.0]);

        await StreamingTest.RunAsync(batches, stream =>
        {
            kmeans.TrainOn(stream);
            return stream;
        }, batches: batches.Count);

        // The split halves then separate into the two blobs.
        var centers = kmeans.LatestModel().ClusterCenters.OrderBy(center => center[0]).ToList();
        Assert.InRange(Generated.Distance(centers[0], [-2.0, 0.0]), 0, 0.2);
        Assert.InRange(Generated.Distance(centers[1], [2.0, 0.0]), 0, 0.2);
    }

    [Fact]
    public async Task PredictOn_EachPoint_GetsTheIndexOfItsClosestCentre()
    {
        var kmeans = new StreamingKMeans(k: 2).InitialCenters([[0.0, 0.0], [10.0, 0.0]], [1.0, 1.0]);

        var outputs = await StreamingTest.RunAsync([new double[][] { [1.0, 1.0], [9.0, -1.0], [5.0, 0.0], [6.0, 0.0] }], kmeans.PredictOn, batches: 1);

        // (5, 0) is as close to both: the lowest index wins.
        Assert.Equal([0, 1, 0, 1], outputs.Single());
    }

    [Fact]
    public void TrainOn_WithoutInitialCentres_Throws()
    {
        var kmeans = new StreamingKMeans(k: 3);

        Assert.Throws<InvalidOperationException>(() => kmeans.LatestModel());
        Assert.Throws<ArgumentException>(() => kmeans.InitialCenters([[0.0], [1.0]], [1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => kmeans.HalfLife(2, "seconds"));
    }

    [Fact]
    public void Predict_PointOfOtherDimension_Throws()
    {
        var model = new StreamingKMeans(k: 2).RandomCenters(dimension: 3, weight: 1.0, seed: 1).LatestModel();

        Assert.Throws<ArgumentException>(() => model.Predict([1.0, 2.0]));
    }
}

namespace Ember.Streaming.ML.Tests;

/// <summary>Generated data with known answers, from fixed seeds.</summary>
internal static class Generated
{
    public static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    /// <summary>A point drawn around <paramref name="center"/> with standard deviation <paramref name="spread"/> per coordinate.</summary>
    public static double[] Around(Random random, double[] center, double spread) =>
        [.. center.Select(x => x + spread * Gaussian(random))];

    /// <summary>Points y = w·x + noise, features standard normal.</summary>
    public static List<LabeledPoint> Linear(Random random, double[] weights, int count, double noise) =>
        [.. Enumerable.Range(0, count).Select(_ =>
        {
            var features = weights.Select(_ => Gaussian(random)).ToArray();
            return new LabeledPoint(Dot(weights, features) + noise * Gaussian(random), features);
        })];

    /// <summary>Points labelled 1 with probability σ(w·x), features standard normal.</summary>
    public static List<LabeledPoint> Logistic(Random random, double[] weights, int count) =>
        [.. Enumerable.Range(0, count).Select(_ =>
        {
            var features = weights.Select(_ => Gaussian(random)).ToArray();
            var probability = 1.0 / (1.0 + Math.Exp(-Dot(weights, features)));
            return new LabeledPoint(random.NextDouble() < probability ? 1.0 : 0.0, features);
        })];

    public static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    public static double Distance(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum());
}

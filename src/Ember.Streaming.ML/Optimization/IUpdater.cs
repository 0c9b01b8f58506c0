namespace Ember.Streaming.ML.Optimization;

/// <summary>One gradient-descent step with its regularization (Spark's <c>Updater</c>).</summary>
internal interface IUpdater
{
    /// <summary>The weights after a step of size <paramref name="stepSize"/> / √<paramref name="iteration"/> along <paramref name="gradient"/>.</summary>
    double[] Step(double[] weights, double[] gradient, double stepSize, int iteration, double regParam);
}

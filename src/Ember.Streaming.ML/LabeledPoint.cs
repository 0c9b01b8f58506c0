namespace Ember.Streaming.ML;

/// <summary>A training example, as Spark MLlib's <c>LabeledPoint</c>: a label and a dense feature vector.</summary>
/// <param name="Label">The target: any real number for regression, 0 or 1 for binary classification.</param>
/// <param name="Features">The dense feature vector; its length must match the model's weights.</param>
public readonly record struct LabeledPoint(double Label, double[] Features);

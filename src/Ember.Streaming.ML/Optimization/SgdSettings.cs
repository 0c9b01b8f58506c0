namespace Ember.Streaming.ML.Optimization;

/// <summary>The settings of one gradient-descent run, as Spark's defaults for the streaming regressions.</summary>
internal sealed record SgdSettings(
    double StepSize = 0.1,
    int NumIterations = 50,
    double MiniBatchFraction = 1.0,
    double RegParam = 0.0,
    double ConvergenceTolerance = 0.001);

namespace Ember.Streaming.ML.Tests;

/// <summary>Compares doubles within an absolute tolerance, for sequence assertions.</summary>
internal sealed class Tolerance(double epsilon) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

    public int GetHashCode(double obj) => 0;
}

using System.Globalization;

namespace Ember;

/// <summary>
/// Count, mean, variance, minimum and maximum of a set of numbers, kept in one pass in a numerically robust way and
/// mergeable (Spark's StatCounter): values are added with Welford's update and counters merged with Chan's
/// parallel formula, so the statistics of an RDD are computed per partition and then combined.
/// </summary>
/// <remarks>
/// As Spark's: the counter is mutable (each <c>Merge</c> changes it and returns it), the mean and sum of no values
/// are 0, their variances <see cref="double.NaN"/>, their <see cref="Max"/> negative infinity and <see cref="Min"/>
/// positive infinity; a NaN value makes the mean, variances, minimum and maximum NaN.
/// </remarks>
public sealed class StatCounter
{
    private long n;
    private double mu;
    private double m2;
    private double maxValue = double.NegativeInfinity;
    private double minValue = double.PositiveInfinity;

    /// <summary>A counter of no values.</summary>
    public StatCounter()
    {
    }

    /// <summary>A counter of <paramref name="values"/>.</summary>
    public StatCounter(IEnumerable<double> values) => Merge(values);

    /// <summary>The number of values.</summary>
    public long Count => n;

    /// <summary>The mean (0 when there are no values, as Spark).</summary>
    public double Mean => mu;

    /// <summary>The sum, computed as <c>Count * Mean</c> (as Spark).</summary>
    public double Sum => n * mu;

    /// <summary>The largest value (negative infinity when there are none).</summary>
    public double Max => maxValue;

    /// <summary>The smallest value (positive infinity when there are none).</summary>
    public double Min => minValue;

    /// <summary>The population variance (divided by N); NaN when there are no values.</summary>
    public double Variance => PopVariance;

    /// <summary>The population variance (divided by N); NaN when there are no values.</summary>
    public double PopVariance => n == 0 ? double.NaN : m2 / n;

    /// <summary>The sample variance (divided by N - 1, which corrects the bias); NaN with fewer than two values.</summary>
    public double SampleVariance => n <= 1 ? double.NaN : m2 / (n - 1);

    /// <summary>The population standard deviation.</summary>
    public double Stdev => PopStdev;

    /// <summary>The population standard deviation.</summary>
    public double PopStdev => Math.Sqrt(PopVariance);

    /// <summary>The sample standard deviation (from <see cref="SampleVariance"/>).</summary>
    public double SampleStdev => Math.Sqrt(SampleVariance);

    /// <summary>Adds one value and returns this counter.</summary>
    public StatCounter Merge(double value)
    {
        var delta = value - mu;
        n++;
        mu += delta / n;
        m2 += delta * (value - mu);
        maxValue = Math.Max(maxValue, value);
        minValue = Math.Min(minValue, value);
        return this;
    }

    /// <summary>Adds every value of <paramref name="values"/> and returns this counter.</summary>
    public StatCounter Merge(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            Merge(value);
        }
        return this;
    }

    /// <summary>Adds the values counted by <paramref name="other"/> (left unchanged) and returns this counter.</summary>
    public StatCounter Merge(StatCounter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            // Merging with itself would read fields it is overwriting.
            return Merge(other.Copy());
        }
        if (n == 0)
        {
            (n, mu, m2, maxValue, minValue) = (other.n, other.mu, other.m2, other.maxValue, other.minValue);
        }
        else if (other.n != 0)
        {
            var delta = other.mu - mu;
            var total = n + other.n;
            // Chan's update; when one side is much larger, weighting the small side's delta loses less precision.
            if (other.n * 10 < n)
            {
                mu += delta * other.n / total;
            }
            else if (n * 10 < other.n)
            {
                mu = other.mu - (delta * n / total);
            }
            else
            {
                mu = ((mu * n) + (other.mu * other.n)) / total;
            }
            m2 += other.m2 + (delta * delta * n * other.n / total);
            n = total;
            maxValue = Math.Max(maxValue, other.maxValue);
            minValue = Math.Min(minValue, other.minValue);
        }
        return this;
    }

    /// <summary>An independent counter with the same statistics.</summary>
    public StatCounter Copy()
    {
        var copy = new StatCounter();
        return copy.Merge(this);
    }

    /// <summary>Spark's rendering: <c>(count: 3, mean: 2.000000, stdev: 0.816497, max: 3.000000, min: 1.000000)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"(count: {Count}, mean: {Mean:F6}, stdev: {Stdev:F6}, max: {Max:F6}, min: {Min:F6})");
}

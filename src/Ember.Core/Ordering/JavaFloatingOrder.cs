namespace Ember.Ordering;

/// <summary>
/// Java's total order of floating-point numbers (<c>Double.compare</c>, <c>Float.compare</c>), which Spark's
/// <c>Ordering[Double]</c> and <c>Ordering[Float]</c> sort, take the top of and bucket by: numeric order, then -0.0
/// before 0.0, and every NaN equal to every other and above positive infinity. .NET's <c>CompareTo</c> differs on
/// both (NaN below every number, -0.0 equal to 0.0), so Spark code ported with it would put NaN first in a sort and
/// never return it from <c>Max</c>.
/// </summary>
internal static class JavaFloatingOrder
{
    public static IComparer<double> Doubles { get; } = Comparer<double>.Create(Compare);

    public static IComparer<float> Floats { get; } = Comparer<float>.Create(Compare);

    public static int Compare(double left, double right)
    {
        if (left < right)
        {
            return -1;
        }
        if (left > right)
        {
            return 1;
        }
        return Bits(left).CompareTo(Bits(right));
    }

    // Widening to double is exact and keeps NaN and the sign of zero, so Float.compare is Double.compare of the widened values.
    public static int Compare(float left, float right) => Compare((double)left, right);

    // Java's doubleToLongBits: one canonical, positive NaN (.NET's NaN constant has the sign bit set); a negative
    // zero's bits are negative, so it sorts before 0.0.
    private static long Bits(double value) => double.IsNaN(value) ? 0x7ff8000000000000L : BitConverter.DoubleToInt64Bits(value);
}

using ScottPlot;
using ScottPlot.TickGenerators;

namespace Ember.Benchmarks.Curves;

/// <summary>
/// A logarithmic axis for ScottPlot 5, which has no log scale of its own: the charts plot log10 of their values and
/// this tick generator labels the positions with the values again, majors at powers of ten (and at 2× and 5× when
/// the axis spans at most <c>denseDecades</c>, so that a short axis still reads), minors at the other multiples.
/// </summary>
internal static class LogTicks
{
    public static ITickGenerator For(double lowest, double highest, Func<double, string> label, double denseDecades)
    {
        var ticks = new NumericManual();
        var dense = Math.Log10(highest) - Math.Log10(lowest) <= denseDecades;
        for (var decade = (int)Math.Floor(Math.Log10(lowest)) - 1; decade <= (int)Math.Ceiling(Math.Log10(highest)) + 1; decade++)
        {
            for (var multiple = 1; multiple <= 9; multiple++)
            {
                var value = multiple * Math.Pow(10, decade);
                if (multiple == 1 || (dense && multiple is 2 or 5))
                {
                    ticks.AddMajor(Math.Log10(value), label(value));
                }
                else
                {
                    ticks.AddMinor(Math.Log10(value));
                }
            }
        }
        return ticks;
    }

    /// <summary>Counts as sizes are written: 300, 1K, 30K, 10M.</summary>
    public static string Count(double value) =>
        value >= 1e6 ? $"{value / 1e6:0.#}M" : value >= 1e3 ? $"{value / 1e3:0.#}K" : $"{value:0.##}";

    /// <summary>A plain number: 0.01, 5, 1,000.</summary>
    public static string Plain(double value) => value >= 1 ? $"{value:N0}" : $"{value:0.####}";
}

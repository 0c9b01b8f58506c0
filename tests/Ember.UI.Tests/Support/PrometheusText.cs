using System.Globalization;
using System.Text.RegularExpressions;

namespace Ember.UI.Tests.Support;

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4): every line is blank, a <c># HELP</c> or
/// <c># TYPE</c> comment, or a sample <c>name{labels} value [timestamp]</c>; anything else throws.
/// </summary>
internal static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public static (IReadOnlyDictionary<string, string> Types, IReadOnlyList<Sample> Samples) Parse(string text)
    {
        var types = new Dictionary<string, string>();
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith("# HELP ", StringComparison.Ordinal) || line == "# EOF")
            {
                continue;
            }
            if (TypeLine().Match(line) is { Success: true } type)
            {
                types[type.Groups[1].Value] = type.Groups[2].Value;
                continue;
            }
            var sample = SampleLine().Match(line);
            if (!sample.Success)
            {
                throw new FormatException($"Not a Prometheus text line: '{line}'");
            }
            var labels = LabelPair().Matches(sample.Groups[2].Value).ToDictionary(match => match.Groups[1].Value, match => match.Groups[2].Value);
            samples.Add(new Sample(sample.Groups[1].Value, labels, ParseValue(sample.Groups[3].Value)));
        }
        return (types, samples);
    }

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\]|\\.)*"",?)*)\})? (\S+)(?: -?\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}

using System.Globalization;

namespace Ember.Examples;

/// <summary>One message of the topic, <c>"&lt;sourceId&gt; &lt;value&gt;"</c>, parsed; <see cref="IsValid"/> is false for anything else.</summary>
internal readonly record struct RealTimeAnalyticsReading(bool IsValid, int Source, int Value)
{
    /// <summary>Two integers separated by whitespace, nothing else; a null or malformed message gives an invalid reading.</summary>
    public static RealTimeAnalyticsReading Parse(string? message)
    {
        if (message is null)
        {
            return default;
        }
        var fields = message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 2
            && int.TryParse(fields[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var source)
            && int.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? new RealTimeAnalyticsReading(true, source, value)
            : default;
    }
}

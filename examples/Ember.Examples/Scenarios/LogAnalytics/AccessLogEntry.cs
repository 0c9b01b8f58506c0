using System.Globalization;
using System.Text.RegularExpressions;

namespace Ember.Examples.Scenarios.LogAnalytics;

/// <summary>One request of a web server's access log (Apache/nginx combined format).</summary>
internal sealed partial record AccessLogEntry(string Client, DateTimeOffset Time, string Method, string Url, int Status, long Bytes)
{
    /// <summary>A server error (5xx): what the error rate and its alert count.</summary>
    public bool IsServerError => Status >= 500;

    /// <summary>
    /// Parses <c>client - user [time] "METHOD url PROTOCOL" status bytes ...</c>; the URL loses its query string, so
    /// <c>/search?q=x</c> counts as <c>/search</c>. Null for a line that is not an access-log line.
    /// </summary>
    public static AccessLogEntry? TryParse(string line)
    {
        var match = Combined().Match(line);
        if (!match.Success
            || !DateTimeOffset.TryParseExact(match.Groups["time"].Value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return null;
        }
        var url = match.Groups["url"].Value;
        var query = url.IndexOf('?', StringComparison.Ordinal);
        return new AccessLogEntry(
            match.Groups["client"].Value,
            time,
            match.Groups["method"].Value,
            query < 0 ? url : url[..query],
            int.Parse(match.Groups["status"].Value, CultureInfo.InvariantCulture),
            match.Groups["bytes"].Value == "-" ? 0 : long.Parse(match.Groups["bytes"].Value, CultureInfo.InvariantCulture));
    }

    public const string TimeFormat = "dd/MMM/yyyy:HH:mm:ss zzz";

    [GeneratedRegex("""^(?<client>\S+) \S+ \S+ \[(?<time>[^\]]+)\] "(?<method>[A-Z]+) (?<url>\S+) [^"]*" (?<status>\d{3}) (?<bytes>\d+|-)""")]
    private static partial Regex Combined();
}

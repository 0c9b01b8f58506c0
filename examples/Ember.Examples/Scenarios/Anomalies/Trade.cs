using System.Globalization;

namespace Ember.Examples.Scenarios.Anomalies;

/// <summary>One trade of the feed: <c>id,time,symbol,price,quantity</c>.</summary>
internal sealed record Trade(string Id, DateTimeOffset Time, string Symbol, double Price, int Quantity)
{
    public override string ToString() =>
        string.Join(',', Id, Time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), Symbol,
            Price.ToString("0.00", CultureInfo.InvariantCulture), Quantity.ToString(CultureInfo.InvariantCulture));

    /// <summary>The trade of a feed line, or null for a line that is not one (wrong field count, bad number, price not positive).</summary>
    public static Trade? TryParse(string line)
    {
        var fields = line.Split(',');
        return fields.Length == 5
            && DateTimeOffset.TryParse(fields[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            && double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var price) && price > 0
            && int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)
            ? new Trade(fields[0], time, fields[2], price, quantity)
            : null;
    }
}

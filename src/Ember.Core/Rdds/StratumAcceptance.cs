namespace Ember.Rdds;

/// <summary>
/// What the counting pass of exact stratified sampling learns about one key (Spark's AcceptanceResult): how many
/// items it has, how many were accepted at once, and the random values of the items put on its wait list.
/// </summary>
internal sealed class StratumAcceptance
{
    public long Items { get; set; }

    public long Accepted { get; set; }

    public List<double> WaitList { get; } = [];

    /// <summary>Items whose random value is below this are accepted at once.</summary>
    public double AcceptBound { get; set; } = double.NaN;

    /// <summary>Items whose random value is below this (and not below <see cref="AcceptBound"/>) wait.</summary>
    public double WaitListBound { get; set; } = double.NaN;

    public bool HasBounds => !double.IsNaN(AcceptBound) && !double.IsNaN(WaitListBound);

    /// <summary>
    /// Adds the counts of a later partition's result; the bounds become the later one's, as in Spark, where the
    /// partition results are combined into the later one.
    /// </summary>
    public void Merge(StratumAcceptance later)
    {
        Items += later.Items;
        Accepted += later.Accepted;
        WaitList.AddRange(later.WaitList);
        AcceptBound = later.AcceptBound;
        WaitListBound = later.WaitListBound;
    }

    /// <summary>
    /// The random-value threshold that keeps exactly <c>ceil(Items * fraction)</c> items: the accepted ones plus the
    /// lowest waiting ones. Falls back to a bound (so the size is only approximate) when too many were accepted at
    /// once or the wait list is too short, the rare cases Spark logs and tolerates.
    /// </summary>
    public double Threshold(double fraction)
    {
        var sampleSize = (long)Math.Ceiling(Items * fraction);
        if (Accepted > sampleSize)
        {
            return AcceptBound;
        }
        var fromWaitList = sampleSize - Accepted;
        if (fromWaitList >= WaitList.Count)
        {
            return WaitListBound;
        }
        WaitList.Sort();
        return WaitList[(int)fromWaitList];
    }
}

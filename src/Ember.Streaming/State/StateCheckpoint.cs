namespace Ember.Streaming;

/// <summary>Spark's default data checkpoint interval for stateful streams.</summary>
internal static class StateCheckpoint
{
    private static readonly TimeSpan Minimum = TimeSpan.FromSeconds(10);

    /// <summary>The smallest multiple of <paramref name="slide"/> that is at least 10 s.</summary>
    public static TimeSpan DefaultInterval(TimeSpan slide) =>
        slide * Math.Max(1, (long)Math.Ceiling(Minimum.Ticks / (double)slide.Ticks));
}

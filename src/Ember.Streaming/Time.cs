namespace Ember.Streaming;

/// <summary>
/// A point in stream time, in whole milliseconds since the Unix epoch (Spark's <c>Time</c>). Batch times are
/// aligned multiples of the batch interval; <see cref="ToString"/> prints <c>"&lt;ms&gt; ms"</c> as Spark does.
/// </summary>
public readonly record struct Time(long Milliseconds) : IComparable<Time>
{
    /// <summary>The time of <paramref name="instant"/>, truncated to the millisecond.</summary>
    public static Time From(DateTimeOffset instant) => new(instant.ToUnixTimeMilliseconds());

    /// <summary>The same instant as a <see cref="DateTimeOffset"/> in UTC.</summary>
    public DateTimeOffset ToDateTimeOffset() => DateTimeOffset.FromUnixTimeMilliseconds(Milliseconds);

    /// <summary>True when this time is a whole number of <paramref name="duration"/>s (as a duration since the epoch).</summary>
    public bool IsMultipleOf(TimeSpan duration) => Milliseconds % Durations.ToMilliseconds(duration, nameof(duration)) == 0;

    /// <summary>The latest multiple of <paramref name="duration"/> at or before this time.</summary>
    public Time Floor(TimeSpan duration)
    {
        var ms = Durations.ToMilliseconds(duration, nameof(duration));
        return new Time(Milliseconds - (((Milliseconds % ms) + ms) % ms));
    }

    /// <inheritdoc />
    public int CompareTo(Time other) => Milliseconds.CompareTo(other.Milliseconds);

    /// <summary>Later by <paramref name="duration"/>.</summary>
    public static Time operator +(Time time, TimeSpan duration) => new(time.Milliseconds + (long)duration.TotalMilliseconds);

    /// <summary>Earlier by <paramref name="duration"/>.</summary>
    public static Time operator -(Time time, TimeSpan duration) => new(time.Milliseconds - (long)duration.TotalMilliseconds);

    /// <summary>The duration between two times.</summary>
    public static TimeSpan operator -(Time later, Time earlier) => TimeSpan.FromMilliseconds(later.Milliseconds - earlier.Milliseconds);

    /// <summary>Earlier than.</summary>
    public static bool operator <(Time left, Time right) => left.Milliseconds < right.Milliseconds;

    /// <summary>Later than.</summary>
    public static bool operator >(Time left, Time right) => left.Milliseconds > right.Milliseconds;

    /// <summary>At or before.</summary>
    public static bool operator <=(Time left, Time right) => left.Milliseconds <= right.Milliseconds;

    /// <summary>At or after.</summary>
    public static bool operator >=(Time left, Time right) => left.Milliseconds >= right.Milliseconds;

    /// <inheritdoc />
    public override string ToString() => $"{Milliseconds} ms";
}

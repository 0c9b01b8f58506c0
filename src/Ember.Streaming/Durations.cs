namespace Ember.Streaming;

/// <summary>Checks on the durations users give: positive, whole milliseconds, multiples of a slide.</summary>
internal static class Durations
{
    public static long ToMilliseconds(TimeSpan duration, string parameter)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(parameter, duration, $"The duration '{parameter}' must be positive.");
        }
        if (duration.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(parameter, duration, $"The duration '{parameter}' must be a whole number of milliseconds.");
        }
        return duration.Ticks / TimeSpan.TicksPerMillisecond;
    }

    /// <summary>Throws unless <paramref name="duration"/> is a positive multiple of <paramref name="slide"/>, naming both.</summary>
    public static void RequireMultiple(TimeSpan duration, string parameter, TimeSpan slide, string slideName)
    {
        var ms = ToMilliseconds(duration, parameter);
        if (ms % ToMilliseconds(slide, slideName) != 0)
        {
            throw new ArgumentException(
                $"The {parameter} ({Format(duration)}) must be a multiple of the {slideName} ({Format(slide)}).", parameter);
        }
    }

    public static string Format(TimeSpan duration) => $"{(long)duration.TotalMilliseconds} ms";
}

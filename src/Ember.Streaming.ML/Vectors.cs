namespace Ember.Streaming.ML;

/// <summary>Dense vectors are plain arrays, so their lengths are checked where they meet a model.</summary>
internal static class Vectors
{
    public static void RequireLength(ReadOnlySpan<double> vector, int length, string what)
    {
        if (vector.Length != length)
        {
            throw new ArgumentException($"{what} has {vector.Length} features, the model has {length}.");
        }
    }
}

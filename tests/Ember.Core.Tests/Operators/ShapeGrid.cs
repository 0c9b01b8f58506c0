namespace Ember.Tests.Operators;

/// <summary>Every shape of <see cref="RandomInputs.Shapes"/> crossed with each of an operator's own settings (a size, a depth).</summary>
internal static class ShapeGrid
{
    /// <summary>(item count, partition count, setting) for every shape and every one of <paramref name="settings"/>.</summary>
    public static TheoryData<int, int, int> With(IEnumerable<(int Count, int Partitions)> extraShapes, params int[] settings)
    {
        var data = new TheoryData<int, int, int>();
        var shapes = RandomInputs.Shapes.Select(row => ((int)row[0], (int)row[1])).Concat(extraShapes);
        foreach (var (count, partitions) in shapes)
        {
            foreach (var setting in settings)
            {
                data.Add(count, partitions, setting);
            }
        }
        return data;
    }

    /// <inheritdoc cref="With(IEnumerable{ValueTuple{int, int}}, int[])"/>
    public static TheoryData<int, int, int> With(params int[] settings) => With([], settings);
}

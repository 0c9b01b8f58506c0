namespace Ember.Examples.Scenarios;

/// <summary>Draws an index with probability proportional to its weight: how the generators make some things more common.</summary>
internal static class WeightedChoice
{
    public static int Index(Random random, IReadOnlyList<int> weights)
    {
        var draw = random.Next(weights.Sum());
        for (var i = 0; i < weights.Count; i++)
        {
            draw -= weights[i];
            if (draw < 0)
            {
                return i;
            }
        }
        return weights.Count - 1;
    }
}

namespace Ember.Graph;

/// <summary>
/// The parts of a triplet a user function reads (GraphX's TripletFields). Operators ship only the vertex attributes
/// asked for to the edge partitions, so naming fewer fields makes AggregateMessages and MapTriplets cheaper. A vertex field not asked for must not be read:
/// it holds <c>default</c> or, when the vertex was shipped for another edge, its attribute (GraphX leaves it unspecified too).
/// </summary>
[Flags]
public enum TripletFields
{
    /// <summary>Only the ids.</summary>
    None = 0,

    /// <summary>The source vertex's attribute.</summary>
    Src = 1,

    /// <summary>The destination vertex's attribute.</summary>
    Dst = 2,

    /// <summary>The edge's attribute (always available: it lives with the edge).</summary>
    Edge = 4,

    /// <summary>The edge's attribute and no vertex attribute.</summary>
    EdgeOnly = Edge,

    /// <summary>Everything.</summary>
    All = Src | Dst | Edge,
}

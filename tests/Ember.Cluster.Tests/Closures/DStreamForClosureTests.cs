namespace Ember.Streaming.FakesForClosureTests;

/// <summary>
/// Stands in for a real DStream (Ember.Cluster does not reference Ember.Streaming): the refusal goes by the
/// <c>Ember.Streaming.</c> namespace and the <c>DStream</c> name.
/// </summary>
public sealed class DStreamForClosureTests
{
    public int Count { get; set; }
}

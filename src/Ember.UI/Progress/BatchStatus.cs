namespace Ember.UI.Progress;

/// <summary>Where a batch is, with Spark's REST API names: queued, processing or completed.</summary>
internal enum BatchStatus
{
    Queued,
    Processing,
    Completed,
}

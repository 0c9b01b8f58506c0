namespace Ember.Streaming;

/// <summary>The life of a <see cref="StreamingContext"/>: built, running, then stopped for good.</summary>
public enum StreamingContextState
{
    /// <summary>Created; streams and output operations may be added.</summary>
    Initialized,

    /// <summary>Started: batches are being generated and processed.</summary>
    Active,

    /// <summary>Stopped; it cannot be started again.</summary>
    Stopped,
}

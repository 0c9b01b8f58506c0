namespace Ember.Listener;

/// <summary>How a task attempt ended.</summary>
public enum TaskEndStatus
{
    /// <summary>It returned its value.</summary>
    Succeeded,

    /// <summary>It threw, could not fetch a shuffle output, or its executor was lost; the scheduler may retry it.</summary>
    Failed,

    /// <summary>It was cancelled: its job was cancelled or failed, or its context stopped.</summary>
    Killed,
}

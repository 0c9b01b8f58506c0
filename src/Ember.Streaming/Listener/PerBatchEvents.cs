namespace Ember.Streaming.Listener;

/// <summary>The events posted several times per batch whose payloads are built only for a listener that implements them.</summary>
[Flags]
internal enum PerBatchEvents
{
    None = 0,
    BatchSubmitted = 1,
    BatchStarted = 2,
    OutputOperationStarted = 4,
    OutputOperationCompleted = 8,
}

/// <summary>Which per-batch events a listener implements (rather than inheriting the interface's empty default).</summary>
internal static class ListenedEvents
{
    /// <summary>The per-batch events <paramref name="listener"/>'s type implements itself, read once when it is added.</summary>
    public static PerBatchEvents Of(IStreamingListener listener)
    {
        var map = listener.GetType().GetInterfaceMap(typeof(IStreamingListener));
        var events = PerBatchEvents.None;
        for (var i = 0; i < map.InterfaceMethods.Length; i++)
        {
            if (map.TargetMethods[i].DeclaringType == typeof(IStreamingListener))
            {
                continue;
            }
            events |= map.InterfaceMethods[i].Name switch
            {
                nameof(IStreamingListener.OnBatchSubmitted) => PerBatchEvents.BatchSubmitted,
                nameof(IStreamingListener.OnBatchStarted) => PerBatchEvents.BatchStarted,
                nameof(IStreamingListener.OnOutputOperationStarted) => PerBatchEvents.OutputOperationStarted,
                nameof(IStreamingListener.OnOutputOperationCompleted) => PerBatchEvents.OutputOperationCompleted,
                _ => PerBatchEvents.None,
            };
        }
        return events;
    }
}

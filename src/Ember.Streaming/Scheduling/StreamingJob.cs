namespace Ember.Streaming.Scheduling;

/// <summary>One output operation's work for one batch, run on the driver (it submits Ember jobs itself).</summary>
internal sealed record StreamingJob(Time Time, int OutputOperationId, string Name, string Description, Func<CancellationToken, Task> RunAsync);

/// <summary>
/// Everything one batch must do: its output jobs, in the order the outputs were defined, then its maintenance
/// (materializing state so lineage stays short).
/// </summary>
internal sealed record JobSet(
    Time Time,
    IReadOnlyList<StreamingJob> Jobs,
    IReadOnlyList<Func<CancellationToken, Task>> Maintenance,
    IReadOnlyDictionary<int, Listener.StreamInputInfo> InputInfo,
    DateTimeOffset SubmissionTime);

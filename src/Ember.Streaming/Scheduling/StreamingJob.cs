namespace Ember.Streaming.Scheduling;

/// <summary>One output operation's work for one batch, run on the driver (it submits Ember jobs itself).</summary>
internal sealed record StreamingJob(Time Time, int OutputOperationId, string Name, string Description, Func<CancellationToken, Task> RunAsync);

/// <summary>
/// Everything one batch must do: its output jobs, in the order the outputs were defined, then its maintenance
/// (materializing state so lineage stays short). With checkpointed sources, <see cref="Checkpointed"/> completes once
/// the manifest recording the batch's input was written (or its write failed and was reported): outputs wait for it,
/// so no output runs on input a crash could forget. Without them it is complete from the start.
/// </summary>
internal sealed record JobSet(
    Time Time,
    IReadOnlyList<StreamingJob> Jobs,
    IReadOnlyList<Func<CancellationToken, Task>> Maintenance,
    IReadOnlyDictionary<int, Listener.StreamInputInfo> InputInfo,
    DateTimeOffset SubmissionTime,
    Task Checkpointed);

namespace Ember.Diagnostics;

/// <summary>
/// The names of Ember's spans (<see cref="EmberTracing"/>) and of the tags and events they carry, in one place.
/// OpenTelemetry's semantic conventions are used where one applies (<c>error.type</c>, the <c>exception</c> event,
/// <c>messaging.destination.*</c>); the rest are <c>ember.*</c>. Times are Unix milliseconds, durations milliseconds.
/// </summary>
public static class EmberTracingTags
{
    /// <summary>Span: one streaming batch, from its first output's start to its end (root of its trace).</summary>
    public const string BatchSpan = "ember.batch";

    /// <summary>Span: one output operation of a batch, a child of <see cref="BatchSpan"/>.</summary>
    public const string OutputSpan = "ember.output";

    /// <summary>Span: one job (an action), a child of the output operation that ran it, else of the caller's span, else a root.</summary>
    public const string JobSpan = "ember.job";

    /// <summary>Span: one stage attempt of a job (its tasks run in it), a child of <see cref="JobSpan"/>.</summary>
    public const string StageSpan = "ember.stage";

    /// <summary>Batch tag (long): the batch time, Unix milliseconds.</summary>
    public const string BatchTime = "ember.batch.time";

    /// <summary>Batch tag (long): the records of all its input streams.</summary>
    public const string BatchRecords = "ember.batch.records";

    /// <summary>Batch tag (double): milliseconds from the batch time until its processing started.</summary>
    public const string BatchSchedulingDelay = "ember.batch.scheduling_delay_ms";

    /// <summary>Batch tag (int): its output operations.</summary>
    public const string BatchOutputOperations = "ember.batch.output_operations";

    /// <summary>Batch event: one input stream's share of the batch, with <see cref="InputStreamId"/>, <see cref="InputDescription"/> and <see cref="InputRecords"/>.</summary>
    public const string InputEvent = "ember.input";

    /// <summary>
    /// Batch event: what the batch read of one partition of a log (a Kafka offset range), with <see cref="InputStreamId"/>,
    /// <see cref="InputPartition"/>, <see cref="MessagingDestinationName"/>, <see cref="MessagingPartitionId"/>,
    /// <see cref="FromOffset"/>, <see cref="UntilOffset"/> and, when known, <see cref="Lag"/>.
    /// </summary>
    public const string InputPartitionEvent = "ember.input.partition";

    /// <summary>Input tag (int): the input stream's id.</summary>
    public const string InputStreamId = "ember.input.stream_id";

    /// <summary>Input tag (string): the input stream's description, when it has one.</summary>
    public const string InputDescription = "ember.input.description";

    /// <summary>Input tag (long): the records the stream contributed.</summary>
    public const string InputRecords = "ember.input.records";

    /// <summary>Input partition tag (string): the partition as the stream names it, <c>topic-partition</c> for Kafka.</summary>
    public const string InputPartition = "ember.input.partition";

    /// <summary>Input partition tag (string, OpenTelemetry messaging): the topic, for a <c>topic-N</c> partition name.</summary>
    public const string MessagingDestinationName = "messaging.destination.name";

    /// <summary>Input partition tag (string, OpenTelemetry messaging): the partition number, for a <c>topic-N</c> partition name.</summary>
    public const string MessagingPartitionId = "messaging.destination.partition.id";

    /// <summary>Input partition tag (long): the first offset read.</summary>
    public const string FromOffset = "ember.input.from_offset";

    /// <summary>Input partition tag (long): the offset after the last one read.</summary>
    public const string UntilOffset = "ember.input.until_offset";

    /// <summary>Input partition tag (long): records left in the partition after the range, when its end was known.</summary>
    public const string Lag = "ember.input.lag";

    /// <summary>Output tag (int): the output operation's id, in definition order (also on its jobs' batch).</summary>
    public const string OutputId = "ember.output.id";

    /// <summary>Output tag (string): the output operation's name (<c>ForEachRdd</c>, <c>Print</c>, ...).</summary>
    public const string OutputName = "ember.output.name";

    /// <summary>Output tag (string): where the output operation was defined, for people.</summary>
    public const string OutputDescription = "ember.output.description";

    /// <summary>Job and stage tag (int): the job's id in its context.</summary>
    public const string JobId = "ember.job.id";

    /// <summary>Job tag (int): the partitions the job computes (its result stage's tasks).</summary>
    public const string JobPartitions = "ember.job.partitions";

    /// <summary>Job tag (string): the RDD the action ran on.</summary>
    public const string JobRdd = "ember.job.rdd";

    /// <summary>Stage tag (int): the stage attempt's id (a stage run again after a lost shuffle output gets a new one).</summary>
    public const string StageId = "ember.stage.id";

    /// <summary>Stage tag (string): <c>ShuffleMapStage</c> or <c>ResultStage</c>, as Spark names them.</summary>
    public const string StageKind = "ember.stage.kind";

    /// <summary>Stage tag (string): the stage, for people (<c>ShuffleMapStage of MapRdd[3]</c>).</summary>
    public const string StageName = "ember.stage.name";

    /// <summary>Stage tag (int): the tasks the stage runs (its missing partitions).</summary>
    public const string StageTasks = "ember.stage.tasks";

    /// <summary>Tag on a failed span (OpenTelemetry's <c>error.type</c>): the exception's full type name.</summary>
    public const string ErrorType = "error.type";
}

using System.Diagnostics;
using System.Globalization;
using Ember.Diagnostics;
using Ember.Streaming.Listener;

namespace Ember.Streaming.Scheduling;

/// <summary>
/// The streaming spans of <see cref="EmberTracing"/>: a batch (a root) and its output operations (its children, under
/// which the jobs an output runs nest as it runs them on the same async flow). Each method returns null, having done
/// nothing, when nobody listens.
/// </summary>
internal static class BatchTracing
{
    /// <summary>
    /// Starts the span of <paramref name="jobSet"/>'s batch, processing since <paramref name="start"/>, as a root and
    /// the current activity of the caller's flow; it carries the batch's time, records and input.
    /// </summary>
    public static Activity? StartBatch(JobSet jobSet, DateTimeOffset start)
    {
        if (!EmberTracing.Source.HasListeners())
        {
            return null;
        }
        // A batch is its own trace: the job threads inherited the flow of whoever started the context, span and all.
        Activity.Current = null;
        var activity = EmberTracing.Start(EmberTracingTags.BatchSpan);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(EmberTracingTags.BatchTime, jobSet.Time.Milliseconds);
            activity.SetTag(EmberTracingTags.BatchRecords, jobSet.InputInfo.Values.Sum(info => info.NumRecords));
            activity.SetTag(EmberTracingTags.BatchSchedulingDelay, (start - jobSet.Time.ToDateTimeOffset()).TotalMilliseconds);
            activity.SetTag(EmberTracingTags.BatchOutputOperations, jobSet.Jobs.Count);
            foreach (var input in jobSet.InputInfo.Values.OrderBy(info => info.InputStreamId))
            {
                AddInput(activity, input);
            }
        }
        return activity;
    }

    /// <summary>Starts the span of one output operation, a child of the batch's and current until disposed.</summary>
    public static Activity? StartOutput(StreamingJob job)
    {
        var activity = EmberTracing.Start(EmberTracingTags.OutputSpan);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(EmberTracingTags.BatchTime, job.Time.Milliseconds);
            activity.SetTag(EmberTracingTags.OutputId, job.OutputOperationId);
            activity.SetTag(EmberTracingTags.OutputName, job.Name);
            activity.SetTag(EmberTracingTags.OutputDescription, job.Description);
        }
        return activity;
    }

    /// <summary>Marks the batch failed when one of its outputs failed (each failed output's span holds the exception).</summary>
    public static void OutputsFailed(Activity? batch)
    {
        batch?.SetStatus(ActivityStatusCode.Error, "An output operation failed");
    }

    private static void AddInput(Activity activity, StreamInputInfo input)
    {
        var tags = new ActivityTagsCollection
        {
            [EmberTracingTags.InputStreamId] = input.InputStreamId,
            [EmberTracingTags.InputRecords] = input.NumRecords,
        };
        if (input.Description is { } description)
        {
            tags[EmberTracingTags.InputDescription] = description;
        }
        activity.AddEvent(new ActivityEvent(EmberTracingTags.InputEvent, tags: tags));
        foreach (var partition in input.Partitions)
        {
            activity.AddEvent(new ActivityEvent(EmberTracingTags.InputPartitionEvent, tags: PartitionTags(input.InputStreamId, partition)));
        }
    }

    private static ActivityTagsCollection PartitionTags(int streamId, PartitionProgress partition)
    {
        var tags = new ActivityTagsCollection
        {
            [EmberTracingTags.InputStreamId] = streamId,
            [EmberTracingTags.InputPartition] = partition.Partition,
            [EmberTracingTags.FromOffset] = partition.FromOffset,
            [EmberTracingTags.UntilOffset] = partition.UntilOffset,
        };
        // Kafka's partitions are named topic-N: split at the last dash, which a topic may contain but a number cannot.
        var dash = partition.Partition.LastIndexOf('-');
        if (dash > 0 && int.TryParse(partition.Partition.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            tags[EmberTracingTags.MessagingDestinationName] = partition.Partition[..dash];
            tags[EmberTracingTags.MessagingPartitionId] = number.ToString(CultureInfo.InvariantCulture);
        }
        if (partition.Lag is { } lag)
        {
            tags[EmberTracingTags.Lag] = lag;
        }
        return tags;
    }
}

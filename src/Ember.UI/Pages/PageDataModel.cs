using Ember.UI.Api;

namespace Ember.UI.Pages;

/// <summary>
/// What the Streaming page polls every second (<c>/streaming/data.json</c>): the header's figures, the warnings, every
/// retained batch (oldest first) for the charts and tables, and the rows of the sources, partitions and state panels.
/// </summary>
internal sealed record PageDataModel(
    string AppId,
    string AppName,
    long BatchIntervalMs,
    long? StartTime,
    long Now,
    long TotalCompleted,
    long TotalRecords,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<BatchApiModel> Completed,
    IReadOnlyList<BatchApiModel> Active,
    IReadOnlyList<SourceRow> Sources,
    IReadOnlyList<PartitionRow> Partitions,
    IReadOnlyList<StateRow> State);

/// <summary>An input stream's row; <see cref="Rates"/> holds its records/s for each retained completed batch.</summary>
internal sealed record SourceRow(
    int StreamId,
    string Name,
    string Status,
    string? Location,
    double? AvgRate,
    string? LastError,
    string? LastErrorTime,
    IReadOnlyList<double> Rates);

/// <summary>One Kafka partition: the offsets the latest batch read and the records left behind it.</summary>
internal sealed record PartitionRow(int StreamId, string Partition, long FromOffset, long UntilOffset, long? LatestOffset, long? Lag);

/// <summary>One stateful operator as of its latest checkpoint.</summary>
internal sealed record StateRow(string Id, string Signature, long Keys, long Bytes, long CheckpointBatchTime, string CheckpointWrittenAt);

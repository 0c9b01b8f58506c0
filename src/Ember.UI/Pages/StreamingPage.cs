using Ember.UI.Api;
using Ember.UI.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ember.UI.Pages;

/// <summary>
/// The Streaming page (Spark's Streaming tab): a static frame here, filled and kept current by <c>streaming.js</c>,
/// which polls <see cref="Data"/> every second, so the page updates without reloading.
/// </summary>
internal static class StreamingPage
{
    private static readonly (string Id, string Title, string Unit)[] Metrics =
    [
        ("input-rate", "Input Rate", "records/s"),
        ("scheduling-delay", "Scheduling Delay", "ms"),
        ("processing-time", "Processing Time", "ms"),
        ("total-delay", "Total Delay", "ms"),
    ];

    public static IResult Render(UIApplication application)
    {
        var metrics = string.Concat(Metrics.Select(metric =>
            $"<section class=\"metric\" aria-labelledby=\"{metric.Id}-title\"><div class=\"metric-head\"><h2 id=\"{metric.Id}-title\">{metric.Title}</h2>" +
            $"<p class=\"avg\" id=\"{metric.Id}-avg\">Avg: -</p></div><div class=\"charts\">" +
            $"<div class=\"chart\"><canvas id=\"chart-{metric.Id}-timeline\" role=\"img\" aria-label=\"{metric.Title} per batch ({metric.Unit}): no batch yet\"></canvas></div>" +
            $"<div class=\"chart\"><canvas id=\"chart-{metric.Id}-histogram\" role=\"img\" aria-label=\"Histogram of {metric.Title} ({metric.Unit}): no batch yet\"></canvas></div>" +
            "</div>" + (metric.Id == "input-rate" ? SourcesTable : string.Empty) + "</section>"));
        var body =
            "<h1>Streaming Statistics</h1>" +
            "<p id=\"header\">Waiting for the first batch...</p>" +
            "<div id=\"warnings\" class=\"warnings\" role=\"alert\" hidden></div>" +
            metrics +
            Table("partitions", "Kafka partitions: offsets read by the latest batch and lag", ["Stream", "Partition", "From offset", "Until offset", "Latest offset", "Lag"], hidden: true) +
            Table("state", "State of stateful operators (latest checkpoint)", ["Operator", "Signature", "Keys held", "Bytes", "Checkpoint of batch", "Written at"], hidden: true) +
            Table("active-batches", "Active batches", ["Batch time", "Records", "Scheduling delay", "Processing time", "Output ops: succeeded/total", "Status"]) +
            Table("completed-batches", "Completed batches (last 100 of the retained ones)", ["Batch time", "Records", "Scheduling delay", "Processing time", "Total delay", "Output ops: succeeded/total"]);
        return Html.Page("Streaming", application.Name, body, script: "streaming.js");
    }

    public static IResult Data(UIApplication application)
    {
        var progress = application.Progress.Snapshot();
        var seconds = progress.BatchInterval.TotalSeconds;
        var model = new PageDataModel(
            application.Id,
            application.Name,
            (long)progress.BatchInterval.TotalMilliseconds,
            progress.StartTime?.Milliseconds,
            application.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
            progress.TotalCompleted,
            progress.ProcessedRecords,
            progress.Warnings,
            [.. progress.Completed.Select(batch => ApiMapper.Batch(batch, progress.BatchInterval))],
            [.. progress.Active.Select(batch => ApiMapper.Batch(batch, progress.BatchInterval))],
            [.. progress.Sources.Select(source => new SourceRow(
                source.StreamId, source.Name, source.Status, source.Location, progress.AverageInputRateOf(source.StreamId),
                source.LastErrorMessage, ApiMapper.Date(source.LastErrorTime),
                [.. progress.Completed.Select(batch => batch.RecordsOf(source.StreamId) / seconds)]))],
            [.. progress.Partitions.Select(entry => new PartitionRow(
                entry.StreamId, entry.Progress.Partition, entry.Progress.FromOffset, entry.Progress.UntilOffset, entry.Progress.LatestOffset, entry.Progress.Lag))],
            [.. progress.State.Select(state => new StateRow(
                state.State.Id, state.State.Signature, state.State.Keys, state.State.Bytes, state.CheckpointBatchTime.Milliseconds, ApiMapper.Date(state.CheckpointWrittenAt)!))]);
        return Results.Json(model, StreamingApi.Json);
    }

    private static string SourcesTable =>
        Table("sources", "Input streams", ["Stream", "Status", "Location", "Avg rate (records/s)", "Last error"]);

    private static string Table(string id, string caption, string[] columns, bool hidden = false) =>
        $"<section id=\"{id}-section\" class=\"table-wrap\"{(hidden ? " hidden" : string.Empty)}><table id=\"{id}\"><caption>{Html.Encode(caption)}</caption><thead><tr>" +
        string.Concat(columns.Select(column => $"<th scope=\"col\">{Html.Encode(column)}</th>")) +
        "</tr></thead><tbody></tbody></table></section>";
}

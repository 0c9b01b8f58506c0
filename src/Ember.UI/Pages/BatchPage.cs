using System.Text;
using Ember.Streaming.Listener;
using Ember.UI.Api;
using Ember.UI.Hosting;
using Ember.UI.Progress;
using Microsoft.AspNetCore.Http;

namespace Ember.UI.Pages;

/// <summary>
/// <c>/streaming/batch/{time}</c>: a batch's summary (as Spark's batch page) and its output operations with duration,
/// status and error. An unknown or forgotten batch is a 404 page.
/// </summary>
internal static class BatchPage
{
    public static IResult Render(UIApplication application, string time)
    {
        if (StreamingApi.FindBatch(application, time) is not { } batch)
        {
            return Html.NotFound(application.Name, $"No batch at time {time} is running or among the last {application.Progress.RetainedBatches} completed batches.");
        }
        var info = batch.Info;
        var body = new StringBuilder()
            .Append("<h1>Details of batch at ").Append(Html.Encode(Format.BatchTime(batch.BatchTime))).Append("</h1>")
            .Append("<dl class=\"summary\" id=\"batch-summary\">")
            .Append(Term("Batch duration", Format.Duration(application.Progress.BatchInterval)))
            .Append(Term("Status", batch.Status.ToString()))
            .Append(Term("Input size", $"{Format.Count(info.NumRecords)} records"))
            .Append(Term("Scheduling delay", Format.Duration(info.SchedulingDelay)))
            .Append(Term("Processing time", Format.Duration(info.ProcessingDelay)))
            .Append(Term("Total delay", Format.Duration(info.TotalDelay)))
            .Append("</dl>")
            .Append("<div class=\"table-wrap\"><table id=\"operations\"><caption>Output operations</caption><thead><tr>")
            .Append("<th scope=\"col\">Id</th><th scope=\"col\">Name</th><th scope=\"col\">Description</th><th scope=\"col\">Duration</th>")
            .Append("<th scope=\"col\">Status</th><th scope=\"col\">Error</th></tr></thead><tbody>");
        foreach (var operation in batch.Operations.Values.OrderBy(operation => operation.Id))
        {
            var status = operation.FailureReason is not null ? "Failed" : operation.EndTime is null ? "Running" : "Succeeded";
            body.Append("<tr><td>").Append(operation.Id).Append("</td><td>").Append(Html.Encode(operation.Name))
                .Append("</td><td>").Append(Html.Encode(operation.Description))
                .Append("</td><td>").Append(Html.Encode(Format.Duration(operation.Duration)))
                .Append("</td><td class=\"status-").Append(status.ToLowerInvariant()).Append("\">").Append(status)
                .Append("</td><td class=\"error\">").Append(Html.Encode(operation.FailureReason)).Append("</td></tr>");
        }
        body.Append("</tbody></table></div>");
        AppendInputs(body, info);
        return Html.Page($"Batch {Format.BatchTime(batch.BatchTime)}", application.Name, body.ToString());
    }

    /// <summary>The batch's records per input stream and, for Kafka, the offset range it read of each partition (Spark's input metadata).</summary>
    private static void AppendInputs(StringBuilder body, BatchInfo info)
    {
        body.Append("<div class=\"table-wrap\"><table id=\"inputs\"><caption>Input</caption><thead><tr>")
            .Append("<th scope=\"col\">Stream</th><th scope=\"col\">Records</th><th scope=\"col\">Partitions: offsets read</th></tr></thead><tbody>");
        foreach (var input in info.StreamIdToInputInfo.Values.OrderBy(input => input.InputStreamId))
        {
            var partitions = string.Join(", ", input.Partitions.Select(partition => $"{partition.Partition} [{partition.FromOffset}, {partition.UntilOffset})"));
            body.Append("<tr><td>").Append(input.InputStreamId).Append("</td><td>").Append(Format.Count(input.NumRecords))
                .Append("</td><td>").Append(Html.Encode(partitions.Length == 0 ? "-" : partitions)).Append("</td></tr>");
        }
        body.Append("</tbody></table></div>");
    }

    private static string Term(string name, string value) => $"<div><dt>{Html.Encode(name)}</dt><dd>{Html.Encode(value)}</dd></div>";
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Ember.Streaming;
using Ember.UI.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ember.UI.Api;

/// <summary>
/// Spark's streaming REST API under <c>/api/v1/applications/{id}/streaming</c>: statistics, receivers, batches (with
/// <c>?status=</c>) and their output operations; and Spark's <c>/executors</c> (active) and <c>/allexecutors</c> (with
/// the removed ones). An unknown application, batch, receiver or operation is a 404.
/// </summary>
internal static class StreamingApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Map(IEndpointRouteBuilder routes, UIApplication application)
    {
        routes.MapGet("/api/v1/applications", () => Ok(new[] { new ApplicationApiModel(application.Id, application.Name) }));
        var app = routes.MapGroup("/api/v1/applications/{appId}");
        app.AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetRouteValue("appId") as string == application.Id
                ? await next(context)
                : NotFound($"no application with id '{context.HttpContext.GetRouteValue("appId")}'"));
        // Spark's executors endpoints: the active executors, and all of them with the removed ones (and why).
        app.MapGet("/executors", () => Ok(application.Executors.Snapshot().Where(executor => executor.IsActive).Select(ApiMapper.Executor).ToList()));
        app.MapGet("/allexecutors", () => Ok(application.Executors.Snapshot().Select(ApiMapper.Executor).ToList()));
        var streaming = app.MapGroup("/streaming");
        streaming.MapGet("/statistics", () => Ok(ApiMapper.Statistics(application.Progress.Snapshot())));
        streaming.MapGet("/receivers", () =>
        {
            var progress = application.Progress.Snapshot();
            return Ok(progress.Sources.Where(source => source.IsReceiver).Select(source => ApiMapper.Receiver(progress, source)).ToList());
        });
        streaming.MapGet("/receivers/{streamId}", (string streamId) =>
        {
            var progress = application.Progress.Snapshot();
            var source = progress.Sources.FirstOrDefault(source => source.IsReceiver && source.StreamId.ToString(System.Globalization.CultureInfo.InvariantCulture) == streamId);
            return source is null ? NotFound($"unknown receiver: {streamId}") : Ok(ApiMapper.Receiver(progress, source));
        });
        streaming.MapGet("/batches", (string? status) =>
        {
            var progress = application.Progress.Snapshot();
            var batches = progress.Active.Concat(progress.Completed)
                .Where(batch => status is null || batch.Status.ToString().Equals(status, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(batch => batch.BatchTime)
                .Select(batch => ApiMapper.Batch(batch, progress.BatchInterval));
            return Ok(batches.ToList());
        });
        streaming.MapGet("/batches/{batchId}", (string batchId) =>
            FindBatch(application, batchId) is { } batch
                ? Ok(ApiMapper.Batch(batch, application.Progress.BatchInterval))
                : NotFound($"unknown batch: {batchId}"));
        streaming.MapGet("/batches/{batchId}/operations", (string batchId) =>
            FindBatch(application, batchId) is { } batch
                ? Ok(batch.Operations.Values.OrderBy(operation => operation.Id).Select(ApiMapper.Operation).ToList())
                : NotFound($"unknown batch: {batchId}"));
        streaming.MapGet("/batches/{batchId}/operations/{outputOpId}", (string batchId, string outputOpId) =>
            FindBatch(application, batchId) is { } batch && int.TryParse(outputOpId, out var id) && batch.Operations.TryGetValue(id, out var operation)
                ? Ok(ApiMapper.Operation(operation))
                : NotFound($"unknown output operation {outputOpId} of batch {batchId}"));
    }

    /// <summary>The retained or active batch whose id (batch time in ms) is <paramref name="batchId"/>, if any.</summary>
    public static Progress.BatchSnapshot? FindBatch(UIApplication application, string batchId) =>
        long.TryParse(batchId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? application.Progress.Batch(new Time(ms))
            : null;

    private static IResult Ok<T>(T value) => Results.Json(value, Json);

    private static IResult NotFound(string message) => Results.Text(message, "text/plain", statusCode: StatusCodes.Status404NotFound);
}

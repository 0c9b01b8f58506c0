using System.Net;
using System.Text.Json;
using Ember.Streaming.Listener;
using Ember.UI.Tests.Support;

namespace Ember.UI.Tests;

[Collection(RunningJobCollection.Name)]
public class StreamingApiTests(RunningJob job)
{
    [Fact]
    public async Task Statistics_RunningJob_AgreeWithTheBatchesItRan()
    {
        var before = job.Recorder.Completed.Values.ToList();
        var statistics = await GetAsync("/statistics");
        await job.Recorder.WaitForAsync(() => job.Recorder.Completed.Count >= statistics.GetProperty("numTotalCompletedBatches").GetInt64());
        var after = job.Recorder.Completed.Values.ToList();

        Assert.Equal(200, statistics.GetProperty("batchDuration").GetInt64());
        Assert.InRange(statistics.GetProperty("numTotalCompletedBatches").GetInt64(), before.Count, after.Count);
        Assert.Equal(statistics.GetProperty("numTotalCompletedBatches").GetInt64(), statistics.GetProperty("numRetainedCompletedBatches").GetInt64());
        Assert.Equal(1, statistics.GetProperty("numReceivers").GetInt32());
        Assert.Equal(1, statistics.GetProperty("numActiveReceivers").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}GMT$", statistics.GetProperty("startTime").GetString());
        Assert.InRange(statistics.GetProperty("numProcessedRecords").GetInt64(), before.Sum(batch => batch.NumRecords), after.Sum(batch => batch.NumRecords));
        Assert.True(statistics.GetProperty("avgInputRate").GetDouble() > 0);
    }

    [Fact]
    public async Task Batches_RunningJob_EveryCompletedBatchMatchesTheListenersBatchInfo()
    {
        var batches = await GetAsync("/batches?status=completed");

        Assert.True(batches.GetArrayLength() >= 3);
        foreach (var batch in batches.EnumerateArray())
        {
            var info = await job.Recorder.BatchAsync(batch.GetProperty("batchId").GetInt64());
            Assert.Equal("COMPLETED", batch.GetProperty("status").GetString());
            Assert.Equal(info.NumRecords, batch.GetProperty("inputSize").GetInt64());
            Assert.Equal(Ms(info.SchedulingDelay), batch.GetProperty("schedulingDelay").GetInt64());
            Assert.Equal(Ms(info.ProcessingDelay), batch.GetProperty("processingTime").GetInt64());
            Assert.Equal(Ms(info.TotalDelay), batch.GetProperty("totalDelay").GetInt64());
            Assert.Equal(2, batch.GetProperty("numTotalOutputOps").GetInt32());
            Assert.Equal(2, batch.GetProperty("numCompletedOutputOps").GetInt32());
            Assert.Equal(0, batch.GetProperty("numFailedOutputOps").GetInt32());
        }
        var ids = batches.EnumerateArray().Select(batch => batch.GetProperty("batchId").GetInt64()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
    }

    [Fact]
    public async Task BatchOperations_CompletedBatch_AreTheBatchsOutputOperations()
    {
        var (time, info) = job.Recorder.Completed.First();

        var batch = await GetAsync($"/batches/{time}");
        var operations = await GetAsync($"/batches/{time}/operations");

        Assert.Equal(time, batch.GetProperty("batchId").GetInt64());
        Assert.Equal(info.NumRecords, batch.GetProperty("inputSize").GetInt64());
        Assert.Equal(2, operations.GetArrayLength());
        foreach (var operation in operations.EnumerateArray())
        {
            var expected = info.OutputOperationInfos[operation.GetProperty("outputOpId").GetInt32()];
            Assert.Equal(expected.Name, operation.GetProperty("name").GetString());
            Assert.Equal(expected.Description, operation.GetProperty("description").GetString());
            Assert.Equal(Ms(expected.Duration), operation.GetProperty("duration").GetInt64());
            Assert.False(operation.TryGetProperty("failureReason", out _));
        }
    }

    [Fact]
    public async Task Receivers_RunningJob_ListTheReceiverWithItsRatePerBatch()
    {
        var receivers = await GetAsync("/receivers");

        var receiver = Assert.Single(receivers.EnumerateArray());
        Assert.Equal("TickReceiver", receiver.GetProperty("streamName").GetString());
        Assert.True(receiver.GetProperty("isActive").GetBoolean());
        Assert.True(receiver.GetProperty("eventRates").GetArrayLength() >= 3);
        Assert.True(receiver.GetProperty("avgEventRate").GetDouble() > 0);
        var id = receiver.GetProperty("streamId").GetInt32();
        Assert.Equal(id, (await GetAsync($"/receivers/{id}")).GetProperty("streamId").GetInt32());
    }

    [Theory]
    [InlineData("/batches/12345")]
    [InlineData("/batches/not-a-time/operations")]
    [InlineData("/batches/12345/operations/0")]
    [InlineData("/receivers/999")]
    public async Task Get_UnknownId_Is404(string path)
    {
        using var response = await job.Http.GetAsync(job.ApiBase + path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownApplication_Is404AndApplicationsListTheJob()
    {
        using var response = await job.Http.GetAsync(new Uri(job.UI.Address, "api/v1/applications/app-unknown/streaming/statistics"));
        var applications = JsonDocument.Parse(await job.Http.GetStringAsync(new Uri(job.UI.Address, "api/v1/applications"))).RootElement;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var application = Assert.Single(applications.EnumerateArray());
        Assert.Equal((job.UI.ApplicationId, "ui-test-job"), (application.GetProperty("id").GetString(), application.GetProperty("name").GetString()));
    }

    private async Task<JsonElement> GetAsync(string path) => JsonDocument.Parse(await job.Http.GetStringAsync(job.ApiBase + path)).RootElement;

    private static long Ms(TimeSpan? duration) => (long)duration!.Value.TotalMilliseconds;
}

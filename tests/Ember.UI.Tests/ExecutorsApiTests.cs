using System.Net;
using System.Text.Json;
using Ember.UI.Tests.Support;

namespace Ember.UI.Tests;

/// <summary>Spark's <c>/executors</c> and <c>/allexecutors</c> endpoints, over a running local job and over fed events.</summary>
[Collection(RunningJobCollection.Name)]
public class ExecutorsApiTests(RunningJob job)
{
    private static readonly string[] SparkFields =
    [
        "id", "hostPort", "isActive", "totalCores", "maxTasks", "activeTasks", "failedTasks", "completedTasks", "totalTasks",
        "totalDuration", "totalShuffleRead", "totalShuffleWrite", "addTime",
    ];

    [Fact]
    public async Task Executors_RunningLocalJob_IsTheDriverWithItsWorkerThreadsAndTheTasksItRan()
    {
        var executors = await GetJsonAsync(new Uri($"{job.UI.Address}api/v1/applications/{job.UI.ApplicationId}/executors"));

        var driver = Assert.Single(executors.EnumerateArray());
        Assert.Equal(SparkFields, driver.EnumerateObject().Select(field => field.Name));
        Assert.Equal("driver", driver.GetProperty("id").GetString());
        Assert.Equal("localhost", driver.GetProperty("hostPort").GetString());
        Assert.True(driver.GetProperty("isActive").GetBoolean());
        Assert.Equal(2, driver.GetProperty("totalCores").GetInt32());
        // Every batch ran tasks: its count of the queue's RDD and of the receiver's blocks.
        Assert.True(driver.GetProperty("completedTasks").GetInt32() >= 3);
        Assert.Equal(0, driver.GetProperty("failedTasks").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}GMT$", driver.GetProperty("addTime").GetString());
    }

    [Fact]
    public async Task AllExecutors_OneLost_ListsItDeadWithItsReasonAndExecutorsOnlyTheActive()
    {
        await using var ui = await FedUI.StartAsync(TimeSpan.FromSeconds(1));
        Executors.RunTwoThenLoseOne(ui.Executors);
        var api = new Uri(ui.Address, $"api/v1/applications/{FedUI.ApplicationId}/");

        var all = await GetJsonAsync(new Uri(api, "allexecutors"));
        var active = await GetJsonAsync(new Uri(api, "executors"));

        Assert.Equal(["0"], active.EnumerateArray().Select(executor => executor.GetProperty("id").GetString()));
        Assert.Equal(2, all.GetArrayLength());
        var (alive, lost) = (all[0], all[1]);
        Assert.Equal(
            ("0", "127.0.0.1:40100", true, 2, 1, 1, 3, 4, 400L, 1_500L, 3_000L),
            (alive.GetProperty("id").GetString(), alive.GetProperty("hostPort").GetString(), alive.GetProperty("isActive").GetBoolean(),
                alive.GetProperty("totalCores").GetInt32(), alive.GetProperty("activeTasks").GetInt32(), alive.GetProperty("failedTasks").GetInt32(),
                alive.GetProperty("completedTasks").GetInt32(), alive.GetProperty("totalTasks").GetInt32(), alive.GetProperty("totalDuration").GetInt64(),
                alive.GetProperty("totalShuffleRead").GetInt64(), alive.GetProperty("totalShuffleWrite").GetInt64()));
        Assert.False(alive.TryGetProperty("removeReason", out _));
        Assert.False(lost.GetProperty("isActive").GetBoolean());
        Assert.Equal(Executors.LostReason, lost.GetProperty("removeReason").GetString());
        Assert.Equal("2026-11-24T08:00:30.000GMT", lost.GetProperty("removeTime").GetString());
        Assert.Equal("2026-11-24T08:00:01.000GMT", lost.GetProperty("addTime").GetString());
        Assert.Equal(2_048, lost.GetProperty("totalShuffleWrite").GetInt64());
    }

    [Theory]
    [InlineData("executors")]
    [InlineData("allexecutors")]
    public async Task Executors_UnknownApplication_Is404(string endpoint)
    {
        using var response = await job.Http.GetAsync(new Uri(job.UI.Address, $"api/v1/applications/app-unknown/{endpoint}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<JsonElement> GetJsonAsync(Uri address) => JsonDocument.Parse(await job.Http.GetStringAsync(address)).RootElement;
}

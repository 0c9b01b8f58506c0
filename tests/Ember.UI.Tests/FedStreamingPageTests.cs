using System.Net;
using Ember.Streaming.Listener;
using Ember.UI.Tests.Support;

namespace Ember.UI.Tests;

/// <summary>The pages over hand-fed events: what a healthy short job does not show (falling behind, Kafka, failures).</summary>
[Collection(RunningJobCollection.Name)]
public class FedStreamingPageTests(BrowserFixture browser)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task StreamingPage_ProcessingSlowerThanTheInterval_ShowsTheWarningBanner()
    {
        await using var ui = await FedUI.StartAsync(Interval);
        for (var i = 0; i < 5; i++)
        {
            Batches.Run(ui.Progress, Batches.Completed(i * 1000, records: 100, schedulingDelayMs: 300 * i, processingMs: 1300));
        }
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(ui.Address, "/streaming/").ToString());
        var banner = page.GetByRole(Microsoft.Playwright.AriaRole.Alert);
        await banner.Locator("p").First.WaitForAsync();

        var text = await banner.InnerTextAsync();
        Assert.Contains("took 1.3 s to process, longer than the batch interval of 1 s", text);
        Assert.Contains("Scheduling delay has grown for 4 batches in a row, to 1.2 s", text);
        await BrowserFixture.ScreenshotAsync(page, "streaming-page-warning.png");
    }

    [Fact]
    public async Task StreamingPage_HealthyJob_HasNoBanner()
    {
        await using var ui = await FedUI.StartAsync(Interval);
        Batches.Run(ui.Progress, Batches.Completed(0, records: 100, schedulingDelayMs: 2, processingMs: 300));
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(ui.Address, "/streaming/").ToString());
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#completed-batches tbody tr').length === 1");

        Assert.True(await page.Locator("#warnings").IsHiddenAsync());
    }

    [Fact]
    public async Task StreamingPage_KafkaStream_ShowsOffsetsAndLagPerPartitionAndTheSourceError()
    {
        await using var ui = await FedUI.StartAsync(Interval);
        Batches.Run(ui.Progress, Batches.Completed(0, 30, 1, 100, streamId: 4,
            partitions: [new PartitionProgress("events-0", 100, 120, 150), new PartitionProgress("events-1", 7, 17, 17)]));
        ui.Progress.OnInputSourceError(new InputSourceErrorInfo(4, "DirectKafka [events]", "Local: Broker transport failure", Batches.Epoch.AddSeconds(2), 3));
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(ui.Address, "/streaming/").ToString());
        await page.Locator("#partitions tbody tr").Nth(1).WaitForAsync();

        var rows = await page.Locator("#partitions tbody tr").AllInnerTextsAsync();
        Assert.Equal(["4\tevents-0\t100\t120\t150\t30", "4\tevents-1\t7\t17\t17\t0"], rows);
        var source = await page.Locator("#sources tbody tr").InnerTextAsync();
        Assert.Contains("DirectKafka [events]\tERROR", source);
        Assert.Contains("Local: Broker transport failure", source);
        await BrowserFixture.ScreenshotAsync(page, "streaming-page-kafka.png");
        await page.Locator("#completed-batches tbody a").ClickAsync();
        Assert.Equal("4\t30\tevents-0 [100, 120), events-1 [7, 17)", await page.Locator("#inputs tbody tr").InnerTextAsync());
    }

    [Fact]
    public async Task BatchPage_FailedOperation_ShowsItsStatusAndError()
    {
        await using var ui = await FedUI.StartAsync(Interval);
        var batch = Batches.Completed(0, 5, 1, 40, failure: "InvalidOperationException: sink unavailable");
        Batches.Run(ui.Progress, batch);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(ui.Address, $"/streaming/batch/{batch.BatchTime.Milliseconds}").ToString());
        var sparkAddress = await page.Context.APIRequest.GetAsync(new Uri(ui.Address, $"/streaming/batch/?id={batch.BatchTime.Milliseconds}").ToString());

        Assert.Equal(200, sparkAddress.Status);
        Assert.Contains("sink unavailable", await sparkAddress.TextAsync());
        Assert.Equal("Failed", await page.Locator("#operations td.status-failed").InnerTextAsync());
        Assert.Equal("InvalidOperationException: sink unavailable", await page.Locator("#operations td.error").InnerTextAsync());
    }

    [Theory]
    [InlineData("/streaming/batch/1234")]
    [InlineData("/streaming/batch/yesterday")]
    [InlineData("/streaming/no-such-page")]
    public async Task Get_UnknownBatchOrPage_IsA404Page(string path)
    {
        await using var ui = await FedUI.StartAsync(Interval);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(ui.Address, path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Not found</h1>", html);
        Assert.Contains("href=\"/streaming/\"", html);
    }
}

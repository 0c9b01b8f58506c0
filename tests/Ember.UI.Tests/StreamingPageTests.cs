using System.Text.RegularExpressions;
using Ember.UI.Tests.Support;
using Microsoft.Playwright;

namespace Ember.UI.Tests;

[Collection(RunningJobCollection.Name)]
public partial class StreamingPageTests(RunningJob job, BrowserFixture browser)
{
    [Fact]
    public async Task StreamingPage_RunningJob_ChartsAndTablesFillAndUpdateWithoutReload()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(job.UI.StreamingPage.ToString());
        await page.EvaluateAsync("() => { window.loadedOnce = true; }");

        await page.WaitForFunctionAsync("() => document.querySelectorAll('#completed-batches tbody tr').length >= 3");
        await page.WaitForFunctionAsync("() => Chart.getChart('chart-processing-time-timeline')?.data.labels.length >= 3");
        var header = await page.Locator("#header").InnerTextAsync();
        var firstRow = await page.Locator("#completed-batches tbody tr").First.InnerTextAsync();
        var labels = await page.EvaluateAsync<int>("() => Chart.getChart('chart-processing-time-timeline').data.labels.length");
        await job.Recorder.WaitForMoreBatchesAsync(2);
        await page.WaitForFunctionAsync("n => Chart.getChart('chart-processing-time-timeline').data.labels.length > n", labels);
        await page.WaitForFunctionAsync("row => document.querySelector('#completed-batches tbody tr').innerText !== row", firstRow);

        Assert.Matches(HeaderPattern(), header);
        Assert.True(await page.EvaluateAsync<bool>("() => window.loadedOnce === true"), "The page reloaded instead of updating in place.");
        Assert.Equal(2, await page.EvaluateAsync<int>("() => Chart.getChart('chart-processing-time-timeline').data.datasets.length"));
        Assert.Equal(RunningJob.BatchInterval.TotalMilliseconds, await page.EvaluateAsync<double>("() => Chart.getChart('chart-processing-time-timeline').data.datasets[1].data[0]"));
        foreach (var chart in new[] { "input-rate", "scheduling-delay", "processing-time", "total-delay" })
        {
            Assert.True(await page.EvaluateAsync<int>($"() => Chart.getChart('chart-{chart}-histogram').data.datasets[0].data.reduce((a, b) => a + b, 0)") >= 3);
        }
        Assert.Contains("TickReceiver", await page.Locator("#sources tbody").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "streaming-page-1280.png");
    }

    [Fact]
    public async Task StreamingPage_CompletedBatchLink_OpensTheBatchPageWithItsOutputOperations()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(job.UI.StreamingPage.ToString());
        var link = page.Locator("#completed-batches tbody tr a").Last;
        await link.WaitForAsync();

        // The table is redrawn every second: a click that lands while its row is being replaced navigates nowhere, so
        // the click is repeated (a few seconds apart, within a deadline) until the batch page is reached.
        var batchUrl = new Regex(@"/streaming/batch/\d+$");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await link.ClickAsync();
            try
            {
                // Committed is enough: the locators below wait for the elements they read.
                await page.WaitForURLAsync(batchUrl, new PageWaitForURLOptions { Timeout = 3000, WaitUntil = WaitUntilState.Commit });
                break;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                if (batchUrl.IsMatch(page.Url))
                {
                    break;
                }
            }
        }

        // The batch comes from the page reached, not from the href read before the click: the table slides every
        // second, so the last row's link may already be another batch's when the click lands.
        var time = long.Parse(page.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var info = await job.Recorder.BatchAsync(time);
        Assert.Contains($"{info.NumRecords} records", await page.Locator("#batch-summary").InnerTextAsync());
        var rows = page.Locator("#operations tbody tr");
        Assert.Equal(info.OutputOperationInfos.Count, await rows.CountAsync());
        Assert.Equal(info.OutputOperationInfos.Count, await page.Locator("#operations td.status-succeeded").CountAsync());
        Assert.Contains(info.OutputOperationInfos[0].Description, await rows.First.InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "batch-page.png");
    }

    [Fact]
    public async Task StreamingPage_StatefulJob_ShowsKeysAndBytesOfTheLatestCheckpoint()
    {
        await job.Recorder.WaitForAsync(() => job.Recorder.LastCheckpoint is not null);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(job.UI.StreamingPage.ToString());

        var row = page.Locator("#state tbody tr", new PageLocatorOptions { HasText = RunningJob.StateName });
        await row.WaitForAsync();

        var cells = await row.Locator("td").AllInnerTextsAsync();
        Assert.Equal(RunningJob.StateName, cells[0]);
        Assert.Contains("UpdateStateByKey", cells[1]);
        Assert.Equal(RunningJob.Words.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), cells[2]);
        Assert.Matches(@"^\d+(\.\d)? (B|KiB)$", cells[3]);
        Assert.True(await page.Locator("#partitions-section").IsHiddenAsync(), "No Kafka stream: the partitions panel stays hidden.");
    }

    [Fact]
    public async Task StreamingPage_PhoneWidth_FitsTheScreenAndKeepsItsCharts()
    {
        var page = await browser.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync(job.UI.StreamingPage.ToString());
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#completed-batches tbody tr').length >= 1");

        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "The page scrolls sideways on a phone.");
        Assert.True(await page.EvaluateAsync<double>("() => document.getElementById('chart-input-rate-timeline').getBoundingClientRect().width") > 300);
        await BrowserFixture.ScreenshotAsync(page, "streaming-page-phone.png");
    }

    [Fact]
    public async Task StreamingPage_ChartsAndTables_HaveAccessibleNames()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(job.UI.StreamingPage.ToString());
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#completed-batches tbody tr').length >= 1");

        var canvases = page.GetByRole(AriaRole.Img);
        Assert.Equal(8, await canvases.CountAsync());
        foreach (var label in await canvases.EvaluateAllAsync<string[]>("all => all.map(c => c.getAttribute('aria-label'))"))
        {
            Assert.Matches(@"(per batch|Histogram of) .*\d", label);
        }
        Assert.Equal(1, await page.GetByRole(AriaRole.Table, new PageGetByRoleOptions { Name = "Completed batches (last 100 of the retained ones)" }).CountAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Processing Time" }).CountAsync());
        Assert.Equal(0, await page.Locator("th:not([scope])").CountAsync());
    }

    [GeneratedRegex(@"^Running batches of 200 ms for .+ since \d{4}/\d\d/\d\d \d\d:\d\d:\d\d(\.\d{3})? \(\d+ completed batches, [\d,]+ records\)$")]
    private static partial Regex HeaderPattern();
}

using Ember.UI.Tests.Support;
using Microsoft.Playwright;

namespace Ember.UI.Tests;

/// <summary>The Executors page in a browser: reached from the header, one row per executor, a lost one dead with its reason.</summary>
[Collection(RunningJobCollection.Name)]
public class ExecutorsPageTests(BrowserFixture browser, RunningJob job)
{
    [Fact]
    public async Task ExecutorsPage_OneExecutorLost_ShowsBothWithTheirTotalsAndTheReason()
    {
        await using var ui = await FedUI.StartAsync(TimeSpan.FromSeconds(1));
        Executors.RunTwoThenLoseOne(ui.Executors);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(ui.Address, "/executors/").ToString());

        var rows = await page.Locator("#executors tbody tr").AllInnerTextsAsync();
        Assert.Equal(
        [
            "0\t127.0.0.1:40100\tActive\t2\t1\t1\t3\t4\t400 ms\t1.5 KiB\t2.9 KiB\t",
            $"1\t127.0.0.1:40200\tDead\t1\t0\t1\t1\t2\t200 ms\t0 B\t2.0 KiB\t{Executors.LostReason}",
        ], rows);
        var summary = await page.Locator("#executor-summary tbody tr").AllInnerTextsAsync();
        Assert.Equal(["Active(1)", "Dead(1)", "Total(2)"], summary.Select(row => row.Split('\t')[0]));
        await BrowserFixture.ScreenshotAsync(page, "executors-page.png");
    }

    [Fact]
    public async Task StreamingPage_ExecutorsLinkInTheHeader_OpensTheDriverExecutorOfTheRunningJob()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(job.UI.StreamingPage.ToString());

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Executors" }).ClickAsync();
        await page.WaitForURLAsync(job.UI.ExecutorsPage.ToString());

        var row = await page.Locator("#executors tbody tr").InnerTextAsync();
        Assert.StartsWith("driver\tlocalhost\tActive\t2\t", row, StringComparison.Ordinal);
    }
}

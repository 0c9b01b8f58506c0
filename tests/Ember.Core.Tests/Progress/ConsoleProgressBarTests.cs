using Ember.Listener;
using Ember.Progress;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.Progress;

/// <summary>
/// Spark's console progress bar on a fake clock, drawn into a <see cref="StringWriter"/>: what it draws, when it draws
/// it, and when it stays away.
/// </summary>
public sealed class ConsoleProgressBarTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Start);
    private readonly StringWriter output = new();
    private ConsoleProgressBar? bar;

    public void Dispose() => bar?.Dispose();

    [Fact]
    public void Refresh_OneStageRunningLongerThanHalfASecond_DrawsCompletedPlusRunningOfTotal()
    {
        var progress = Bar(80);
        Submit(progress, stageId: 3, tasks: 40);
        Run(progress, stageId: 3, started: 14, succeeded: 12);

        Advance(700);

        var expected = "[Stage 3:" + new string('=', 17) + ">" + new string(' ', 39) + "(12 + 2) / 40]";
        Assert.Equal(80, expected.Length);
        Assert.Equal($"\r{expected}\r", output.ToString());
    }

    [Fact]
    public void Refresh_ConcurrentStages_ShareTheWidthSideBySideInStageOrder()
    {
        var progress = Bar(80);
        Submit(progress, stageId: 5, tasks: 10);
        Submit(progress, stageId: 4, tasks: 4);
        Run(progress, stageId: 4, started: 4, succeeded: 2);
        Run(progress, stageId: 5, started: 1, succeeded: 0);

        Advance(700);

        var stage4 = "[Stage 4:" + new string('=', 9) + ">" + new string(' ', 9) + "(2 + 2) / 4]";
        var stage5 = "[Stage 5:>" + new string(' ', 17) + "(0 + 1) / 10]";
        Assert.Equal((40, 40), (stage4.Length, stage5.Length));
        Assert.Equal($"\r{stage4}{stage5}\r", output.ToString());
    }

    [Fact]
    public void Refresh_FourStages_ShowsTheFirstThree()
    {
        var progress = Bar(90);
        foreach (var stageId in new[] { 1, 2, 3, 4 })
        {
            Submit(progress, stageId, tasks: 2);
        }

        Advance(700);

        var drawn = output.ToString();
        Assert.Contains("[Stage 1:", drawn);
        Assert.Contains("[Stage 3:", drawn);
        Assert.DoesNotContain("[Stage 4:", drawn);
        Assert.Equal(92, drawn.Length);
    }

    [Fact]
    public void Refresh_TerminalNarrowerThanTheText_DrawsTheCountsWithoutABar()
    {
        var progress = Bar(20);
        Submit(progress, stageId: 12, tasks: 100);
        Run(progress, stageId: 12, started: 3, succeeded: 1);

        Advance(700);

        Assert.Equal("\r[Stage 12:(1 + 2) / 100]\r", output.ToString());
    }

    [Fact]
    public void Refresh_StageYoungerThanHalfASecond_DrawsNothing()
    {
        var progress = Bar(80);
        Advance(300);
        Submit(progress, stageId: 0, tasks: 2);

        Advance(500);
        Assert.Equal("", output.ToString());

        Advance(200);
        Assert.StartsWith("\r[Stage 0:", output.ToString());
    }

    [Fact]
    public void Refresh_ShortStagesOfStreamingBatches_NeverDrawn()
    {
        var progress = Bar(80);
        for (var batch = 0; batch < 20; batch++)
        {
            Submit(progress, stageId: batch, tasks: 2);
            Run(progress, stageId: batch, started: 2, succeeded: 1);
            Advance(100);
            Run(progress, stageId: batch, started: 0, succeeded: 1);
            progress.OnStageCompleted(Stage(batch, 2));
            progress.FinishAll();
            Advance(100);
        }

        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Refresh_NothingChanged_DrawsOnceUntilAMinutePassed()
    {
        var progress = Bar(80);
        Submit(progress, stageId: 1, tasks: 4);

        Advance(700);
        var once = output.ToString();
        Advance(10_000);
        Assert.Equal(once, output.ToString());

        Advance(60_000);
        Assert.Equal(once + once, output.ToString());

        Run(progress, stageId: 1, started: 1, succeeded: 1);
        Advance(200);
        Assert.EndsWith("(1 + 0) / 4]\r", output.ToString());
    }

    [Fact]
    public void FinishAll_BarShown_ClearsTheLineAndStaysAwayHalfASecond()
    {
        var progress = Bar(30);
        Submit(progress, stageId: 1, tasks: 4);
        Advance(700);
        var shown = output.ToString();

        progress.FinishAll();
        Assert.Equal(shown + "\r" + new string(' ', 30) + "\r", output.ToString());

        // Another job's stage, long running already, waits out the pause after the last job's end.
        var cleared = output.ToString();
        Submit(progress, stageId: 2, tasks: 4, at: Start);
        Advance(400);
        Assert.Equal(cleared, output.ToString());
        Advance(200);
        Assert.Contains("[Stage 1:", output.ToString()[cleared.Length..]);
    }

    [Fact]
    public void FinishAll_NothingShown_WritesNothing()
    {
        var progress = Bar(80);
        Submit(progress, stageId: 1, tasks: 4);
        Advance(300);

        progress.FinishAll();
        progress.Dispose();

        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void OnTaskEnd_FailedOrKilledTask_NotCountedAsCompleted()
    {
        var progress = Bar(40);
        Submit(progress, stageId: 1, tasks: 2);
        progress.OnTaskStart(new TaskStartInfo(0, 1, 0, 0, "driver", Start));
        progress.OnTaskStart(new TaskStartInfo(0, 1, 1, 0, "driver", Start));
        progress.OnTaskEnd(End(1, TaskEndStatus.Failed));
        progress.OnTaskEnd(End(1, TaskEndStatus.Killed));

        Advance(700);

        Assert.EndsWith("(0 + 0) / 2]\r", output.ToString());
    }

    [Theory]
    [InlineData(true, false, null, true)]
    [InlineData(true, false, "", true)]
    [InlineData(true, false, "false", true)]
    [InlineData(false, false, null, false)]
    [InlineData(true, true, null, false)]
    [InlineData(true, false, "true", false)]
    [InlineData(true, false, "1", false)]
    public void ShouldShow_OptionRedirectionAndCi_OnlyOnAnInteractiveTerminalOutsideCi(bool enabled, bool redirected, string? ci, bool expected) =>
        Assert.Equal(expected, ConsoleProgressBar.ShouldShow(enabled, redirected, ci));

    [Fact]
    public void TerminalWidth_Columns_TakenWhenAPositiveNumber()
    {
        Assert.Equal(132, ConsoleProgressBar.TerminalWidth("132"));
        Assert.True(ConsoleProgressBar.TerminalWidth("wide") > 0);
    }

    [Fact]
    public void ShowConsoleProgress_Default_On()
    {
        Assert.True(new EmberOptions().ShowConsoleProgress);
    }

    private ConsoleProgressBar Bar(int width) => bar = new ConsoleProgressBar(output, width, clock);

    private void Advance(int milliseconds)
    {
        // In timer-sized steps, so each tick of the bar's timer sees its own time.
        for (var step = 0; step < milliseconds; step += 100)
        {
            clock.Advance(TimeSpan.FromMilliseconds(Math.Min(100, milliseconds - step)));
        }
    }

    private void Submit(ConsoleProgressBar progress, int stageId, int tasks, DateTimeOffset? at = null) =>
        progress.OnStageSubmitted(Stage(stageId, tasks) with { SubmissionTime = at ?? clock.GetUtcNow() });

    private StageInfo Stage(int stageId, int tasks) => new(stageId, 0, $"ResultStage of Rdd[{stageId}]", tasks, false, clock.GetUtcNow());

    private static void Run(ConsoleProgressBar progress, int stageId, int started, int succeeded)
    {
        for (var i = 0; i < started; i++)
        {
            progress.OnTaskStart(new TaskStartInfo(0, stageId, i, 0, "driver", Start));
        }
        for (var i = 0; i < succeeded; i++)
        {
            progress.OnTaskEnd(End(stageId, TaskEndStatus.Succeeded));
        }
    }

    private static TaskEndInfo End(int stageId, TaskEndStatus status) =>
        new(0, stageId, 0, 0, "driver", status, TimeSpan.FromMilliseconds(1), 0, 0, status == TaskEndStatus.Succeeded ? null : "boom");
}

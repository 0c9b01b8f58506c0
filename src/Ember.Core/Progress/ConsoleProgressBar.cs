using System.Text;
using Ember.Listener;

namespace Ember.Progress;

/// <summary>
/// Spark's ConsoleProgressBar: the running stages of a job drawn on one line of the terminal,
/// <c>[Stage 3:=====&gt;      (12 + 2) / 40]</c> (completed + running tasks of all), up to three stages side by side,
/// redrawn in place with carriage returns and cleared when a job ends. A stage shows only once it ran longer than
/// <see cref="FirstDelay"/>, so the short jobs of streaming batches never flicker; the line is redrawn at most every
/// <see cref="UpdatePeriod"/>, and only when it changed (or a minute passed, so an idle ssh session stays open).
/// </summary>
/// <remarks>
/// Fed by the listener events (on the bus thread) and drawn by a timer of <see cref="TimeProvider"/>, so tests drive it
/// with a fake clock and a <see cref="TextWriter"/>. One lock orders the two.
/// </remarks>
internal sealed class ConsoleProgressBar : IEmberListener, IDisposable
{
    /// <summary>How long a stage runs before it is shown, and how long the bar stays away after a job ended (Spark's 500 ms).</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the bar is redrawn at most (Spark's <c>spark.ui.consoleProgress.update.interval</c>, 200 ms).</summary>
    public static readonly TimeSpan UpdatePeriod = TimeSpan.FromMilliseconds(200);

    private const char CR = '\r';
    private const int MaxStagesShown = 3;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromMinutes(1);
    private readonly Lock gate = new();
    private readonly SortedDictionary<int, StageProgress> activeStages = [];
    private readonly TextWriter output;
    private readonly int terminalWidth;
    private readonly TimeProvider clock;
    private readonly ITimer timer;
    private DateTimeOffset lastFinishTime = DateTimeOffset.MinValue;
    private DateTimeOffset lastUpdateTime = DateTimeOffset.MinValue;
    private string lastProgressBar = "";

    public ConsoleProgressBar(TextWriter output, int terminalWidth, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(terminalWidth, 1);
        ArgumentNullException.ThrowIfNull(clock);
        this.output = output;
        this.terminalWidth = terminalWidth;
        this.clock = clock;
        timer = clock.CreateTimer(_ => Refresh(), null, FirstDelay, UpdatePeriod);
    }

    /// <summary>
    /// The bar for a context with <paramref name="options"/>, on standard error; null when
    /// <see cref="EmberOptions.ShowConsoleProgress"/> is off or standard error is no interactive terminal.
    /// </summary>
    public static ConsoleProgressBar? Create(EmberOptions options) =>
        ShouldShow(options.ShowConsoleProgress, Console.IsErrorRedirected, Environment.GetEnvironmentVariable("CI"))
            ? new ConsoleProgressBar(Console.Error, TerminalWidth(Environment.GetEnvironmentVariable("COLUMNS")), TimeProvider.System)
            : null;

    /// <summary>
    /// Whether to draw: switched on, standard error not redirected (to a file or a pipe), and not under continuous
    /// integration (<c>CI</c> set, as GitHub Actions, GitLab, Azure Pipelines and others do), whose logs keep every
    /// carriage-returned redraw as a line of its own.
    /// </summary>
    public static bool ShouldShow(bool enabled, bool errorRedirected, string? ci) =>
        enabled && !errorRedirected && (string.IsNullOrEmpty(ci) || ci is "0" || ci.Equals("false", StringComparison.OrdinalIgnoreCase));

    /// <summary>The terminal's columns: <c>COLUMNS</c> when set (as Spark), else the console's width, else 80.</summary>
    public static int TerminalWidth(string? columns)
    {
        if (int.TryParse(columns, out var width) && width > 0)
        {
            return width;
        }
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    public void OnStageSubmitted(StageInfo stage)
    {
        lock (gate)
        {
            activeStages[stage.StageId] = new StageProgress(stage.StageId, stage.NumTasks, stage.SubmissionTime);
        }
    }

    public void OnStageCompleted(StageInfo stage)
    {
        lock (gate)
        {
            activeStages.Remove(stage.StageId);
        }
    }

    public void OnTaskStart(TaskStartInfo task)
    {
        lock (gate)
        {
            if (activeStages.TryGetValue(task.StageId, out var stage))
            {
                stage.ActiveTasks++;
            }
        }
    }

    public void OnTaskEnd(TaskEndInfo task)
    {
        lock (gate)
        {
            if (activeStages.TryGetValue(task.StageId, out var stage))
            {
                stage.ActiveTasks = Math.Max(0, stage.ActiveTasks - 1);
                if (task.Status == TaskEndStatus.Succeeded)
                {
                    stage.CompletedTasks++;
                }
            }
        }
    }

    /// <summary>
    /// Clears the bar if shown, so it does not interleave with what the job's caller prints next, and keeps it away
    /// for <see cref="FirstDelay"/> (Spark's finishAll, called when a job ends).
    /// </summary>
    public void FinishAll()
    {
        lock (gate)
        {
            Clear();
            lastFinishTime = clock.GetUtcNow();
        }
    }

    /// <summary>Stops redrawing and clears the bar.</summary>
    public void Dispose()
    {
        timer.Dispose();
        FinishAll();
    }

    /// <summary>Runs on the timer: shows the stages running longer than <see cref="FirstDelay"/>, if any.</summary>
    private void Refresh()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (now - lastFinishTime < FirstDelay)
            {
                return;
            }
            var stages = activeStages.Values.Where(stage => now - stage.SubmissionTime > FirstDelay).Take(MaxStagesShown).ToList();
            if (stages.Count > 0)
            {
                Show(now, stages);
            }
        }
    }

    /// <summary>
    /// Draws the bar on the line after the last output, overwriting itself; a log line written meanwhile stays, and the
    /// bar continues on the line after it.
    /// </summary>
    private void Show(DateTimeOffset now, List<StageProgress> stages)
    {
        var width = terminalWidth / stages.Count;
        var bar = new StringBuilder();
        foreach (var stage in stages)
        {
            var total = stage.NumTasks;
            var header = $"[Stage {stage.StageId}:";
            var tailer = $"({stage.CompletedTasks} + {stage.ActiveTasks}) / {total}]";
            var w = width - header.Length - tailer.Length;
            bar.Append(header);
            if (w > 0)
            {
                var percent = total > 0 ? (int)((long)w * stage.CompletedTasks / total) : 0;
                for (var i = 0; i < w; i++)
                {
                    bar.Append(i < percent ? '=' : i == percent ? '>' : ' ');
                }
            }
            bar.Append(tailer);
        }
        var text = bar.ToString();
        // Only when it changed, or after a minute (or an ssh connection idle that long may be closed).
        if (text != lastProgressBar || now - lastUpdateTime > KeepAlive)
        {
            output.Write($"{CR}{text}{CR}");
            output.Flush();
            lastUpdateTime = now;
        }
        lastProgressBar = text;
    }

    private void Clear()
    {
        if (lastProgressBar.Length > 0)
        {
            output.Write($"{CR}{new string(' ', terminalWidth)}{CR}");
            output.Flush();
            lastProgressBar = "";
        }
    }

    /// <summary>What the bar knows of a running stage; changed under the bar's lock only.</summary>
    private sealed class StageProgress(int stageId, int numTasks, DateTimeOffset submissionTime)
    {
        public int StageId { get; } = stageId;

        public int NumTasks { get; } = numTasks;

        public DateTimeOffset SubmissionTime { get; } = submissionTime;

        public int ActiveTasks { get; set; }

        public int CompletedTasks { get; set; }
    }
}

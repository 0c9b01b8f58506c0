namespace Ember.Streaming.Testing;

/// <summary>How <see cref="StreamingTest"/> runs an operation and <see cref="StreamingTestDriver"/> a job.</summary>
public sealed class StreamingTestOptions
{
    /// <summary>
    /// The engine's master. Default <c>local[2]</c>: a new engine per run, in this process. A cluster master
    /// (<c>local-cluster[2,1]</c>: two executor processes of one core each) runs every task in other processes, on one
    /// engine per master shared by all runs of the test process (see <see cref="StreamingTest"/>).
    /// </summary>
    public string Master { get; set; } = "local[2]";

    /// <summary>Partitions of each input batch's RDD. Default 2.</summary>
    public int PartitionsPerBatch { get; set; } = 2;

    /// <summary>The fake clock's start; the first batch is one batch interval later (aligned). Default 2000-01-01 UTC.</summary>
    public DateTimeOffset StartTime { get; set; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Real time allowed for one batch (for the driver: for any one wait, a batch, a start, a stop) before it fails
    /// with a <see cref="TimeoutException"/>: a safety net against hangs, not a clock. Default 60 s.
    /// </summary>
    public TimeSpan BatchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Where <c>Print</c> writes. Default: the console.</summary>
    public TextWriter? Output { get; set; }
}

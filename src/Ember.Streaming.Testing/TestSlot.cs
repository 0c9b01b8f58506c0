namespace Ember.Streaming.Testing;

/// <summary>
/// The test kit's one place in the process for a running job (only one <see cref="StreamingContext"/> may be active
/// at a time), held by a <see cref="StreamingTestDriver"/> from its start until disposed, with what the job's runs
/// share: a temporary checkpoint directory and the engine they run on.
/// </summary>
internal sealed class TestSlot
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private readonly string master;
    private readonly bool shared;
    private bool hung;

    private TestSlot(string master)
    {
        this.master = master;
        shared = ClusterEngines.IsCluster(master);
        CheckpointDirectory = Path.Combine(Path.GetTempPath(), $"ember-test-checkpoint-{Guid.NewGuid():N}");
    }

    public string CheckpointDirectory { get; }

    /// <summary>Waits until no other job of the kit runs in the process, then holds the slot.</summary>
    public static async Task<TestSlot> TakeAsync(string master, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(master, nameof(StreamingTestOptions.Master));
        await OneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new TestSlot(master);
    }

    /// <summary>
    /// A new context: on a local master with an engine of its own, disposed with it (nothing survives a restart but the
    /// checkpoint, as with a new process); on a cluster master on the process's shared engine, left open.
    /// </summary>
    public StreamingContext NewContext(TimeSpan batchInterval, StreamingOptions options) =>
        shared
            ? new StreamingContext(ClusterEngines.For(master), batchInterval, options)
            : new StreamingContext(new EmberOptions { Master = master, AppName = "StreamingTest" }, batchInterval, options);

    /// <summary>
    /// A wait hit the safety net: a batch that never finished may still hold a shared engine (a task stuck on a lost
    /// executor), so later jobs get an engine of their own rather than queue behind it and time out in turn.
    /// </summary>
    public void Hung() => hung = true;

    /// <summary>Discards a hung shared engine, deletes the checkpoint directory and frees the slot.</summary>
    public async Task ReleaseAsync()
    {
        try
        {
            if (hung && shared)
            {
                await ClusterEngines.DiscardAsync(master).ConfigureAwait(false);
            }
            if (Directory.Exists(CheckpointDirectory))
            {
                Directory.Delete(CheckpointDirectory, recursive: true);
            }
        }
        finally
        {
            OneAtATime.Release();
        }
    }
}

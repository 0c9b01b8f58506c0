using Ember.Streaming.Receivers;

namespace Ember.Cluster.Tests.Streaming;

/// <summary>
/// A test receiver that runs wherever the cluster puts it: at each start it writes a marker file named after its
/// process id into <see cref="Directory"/>, then stores chunks of <see cref="ChunkSize"/> records, each record the
/// process id, every <see cref="Pause"/> until <c>chunks</c> chunks (no limit when null) or its stop; with
/// <c>oneByOne</c>, it stores the records one at a time, without pausing. Plain settings only: it travels to an
/// executor in its task.
/// </summary>
internal sealed class PidReceiver(string directory, int? chunks = null, bool oneByOne = false) : Receiver<int>
{
    public const int ChunkSize = 10;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);
    private readonly string directory = directory;
    private readonly int? chunks = chunks;
    private readonly bool oneByOne = oneByOne;
    private Thread? thread;

    public string Directory => directory;

    /// <summary>The process ids the receiver started in so far, from its marker files, in no order.</summary>
    public static IReadOnlyList<int> StartedIn(string directory) =>
        [.. System.IO.Directory.EnumerateFiles(directory, "started.*").Select(file => int.Parse(Path.GetExtension(file)[1..], System.Globalization.CultureInfo.InvariantCulture)).Distinct()];

    protected override void OnStart()
    {
        var stopping = StoppingToken;
        File.WriteAllText(Path.Combine(directory, $"started.{Environment.ProcessId}"), "");
        thread = new Thread(() => Produce(stopping)) { IsBackground = true, Name = "pid-receiver" };
        thread.Start();
    }

    protected override void OnStop() => thread?.Join();

    /// <summary>The records each run stored in all, written when the run ends: (process id, records).</summary>
    public static IReadOnlyList<(int Pid, int Records)> StoredBy(string directory) =>
        [.. System.IO.Directory.EnumerateFiles(directory, "stored.*")
            .Select(file => (int.Parse(Path.GetFileName(file).Split('.')[1], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(File.ReadAllText(file), System.Globalization.CultureInfo.InvariantCulture)))];

    private void Produce(CancellationToken stopping)
    {
        var pid = Environment.ProcessId;
        var stored = 0;
        for (var chunk = 0; !stopping.IsCancellationRequested && (chunks is not { } limit || chunk < limit); chunk++)
        {
            if (oneByOne)
            {
                for (var i = 0; i < ChunkSize && !stopping.IsCancellationRequested; i++)
                {
                    Store(pid);
                    stored++;
                }
                continue;
            }
            Store(Enumerable.Repeat(pid, ChunkSize));
            stored += ChunkSize;
            stopping.WaitHandle.WaitOne(Pause);
        }
        File.WriteAllText(Path.Combine(directory, $"stored.{pid}.{Guid.NewGuid():N}"), stored.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

using Ember.Streaming.Receivers;

namespace Ember.Cluster.Tests.Streaming;

/// <summary>
/// A reliable test receiver: stores the numbers 0 to <c>total</c> - 1 in chunks of <see cref="ChunkSize"/>, each with
/// the next number as metadata, and at each start resumes from the last stored metadata (with the write-ahead log, the
/// last chunk logged, by whichever executor ran it). Each start writes a marker file named after its process id into
/// <c>directory</c>, and after each chunk <c>progress.&lt;pid&gt;</c> holds the next number; a run that stored its
/// last chunk writes <c>done.&lt;pid&gt;</c>.
/// </summary>
internal sealed class SequenceReceiver(string directory, int total) : Receiver<int>
{
    public const int ChunkSize = 10;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);
    private readonly string directory = directory;
    private readonly int total = total;
    private Thread? thread;

    protected override void OnStart()
    {
        var next = TryGetLastStoredMetadata<int>(out var stored) ? stored : 0;
        var stopping = StoppingToken;
        File.WriteAllText(Path.Combine(directory, $"started.{Environment.ProcessId}"), next.ToString(System.Globalization.CultureInfo.InvariantCulture));
        thread = new Thread(() => Produce(next, stopping)) { IsBackground = true, Name = "sequence-receiver" };
        thread.Start();
    }

    protected override void OnStop() => thread?.Join();

    /// <summary>How far the run in process <paramref name="pid"/> got: the next number it would store (0 before its first chunk).</summary>
    public static int Progress(string directory, int pid)
    {
        var path = Path.Combine(directory, $"progress.{pid}");
        try
        {
            return File.Exists(path) && int.TryParse(File.ReadAllText(path), System.Globalization.CultureInfo.InvariantCulture, out var next) ? next : 0;
        }
        catch (IOException)
        {
            return 0; // being rewritten
        }
    }

    private void Produce(int next, CancellationToken stopping)
    {
        while (next < total && !stopping.IsCancellationRequested)
        {
            var count = Math.Min(ChunkSize, total - next);
            // Store returns once the chunk is in the log: only then is the position "acknowledged".
            Store(Enumerable.Range(next, count), next + count);
            next += count;
            File.WriteAllText(Path.Combine(directory, $"progress.{Environment.ProcessId}"), next.ToString(System.Globalization.CultureInfo.InvariantCulture));
            stopping.WaitHandle.WaitOne(Pause);
        }
        if (next >= total)
        {
            File.WriteAllText(Path.Combine(directory, $"done.{Environment.ProcessId}"), "");
        }
    }
}

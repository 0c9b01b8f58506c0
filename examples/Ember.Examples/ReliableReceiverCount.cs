using System.Text;
using Ember.Streaming;
using Ember.Streaming.Receivers;

namespace Ember.Examples;

/// <summary>
/// A reliable receiver with the write-ahead log (Spark's reliable receivers and <c>writeAheadLog.enable</c>): a
/// receiver tails an append-only text file, one word per line, and stores its complete lines in chunks, each with the
/// byte offset just after it as metadata. <c>Store</c> returns once the chunk is in the log on disk, so the offset is
/// "acknowledged" then; after a crash the receiver resumes from the last logged offset, and the engine replays the
/// logged chunks no batch processed. Cumulative counts (UpdateStateByKey) are saved every batch under
/// <c>&lt;output&gt;/counts-&lt;ms&gt;</c>. Kill it at any moment, start it again with the same arguments: the counts
/// neither lose nor double a word.
/// </summary>
internal static class ReliableReceiverCount
{
    private const string Usage = "Usage: reliablereceivercount --source <file> --checkpoint <dir> --output <dir> [--batch-interval 200ms] " + Arguments.MasterUsage;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = RecoverableJobArguments.Parse(args, "--source", Usage, TimeSpan.FromMilliseconds(200));
        return await options.RunAsync(() =>
        {
            var context = options.NewContext("ReliableReceiverCount", writeAheadLog: true);
            options.SaveRunningTotals(context.ReceiverStream(new FileTailReceiver(options.Source))
                .WithName("lines")
                .Map(word => (word, 1L)));
            return context;
        });
    }
}

/// <summary>
/// Tails an append-only UTF-8 text file from a byte offset: complete lines (ending in <c>'\n'</c>) are stored in chunks
/// of at most <see cref="MaxLinesPerChunk"/>, with the offset after the chunk as metadata; a line still being written
/// waits for its newline. Each start resumes from the last stored offset, so with the write-ahead log every line is
/// stored exactly once across crashes. Blank lines are skipped.
/// </summary>
internal sealed class FileTailReceiver(string path) : Receiver<string>
{
    private const int MaxLinesPerChunk = 200;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private Thread? thread;

    protected override void OnStart()
    {
        // The offset after the last chunk in the log: every line before it is in the engine, none after it.
        var offset = TryGetLastStoredMetadata<long>(out var stored) ? stored : 0L;
        var stopping = StoppingToken;
        thread = new Thread(() => Tail(offset, stopping)) { IsBackground = true, Name = "file-tail-receiver" };
        thread.Start();
    }

    protected override void OnStop() => thread?.Join();

    private void Tail(long offset, CancellationToken stopping)
    {
        try
        {
            var buffer = new byte[64 * 1024];
            while (!stopping.IsCancellationRequested)
            {
                if (!File.Exists(path))
                {
                    Wait(stopping);
                    continue;
                }
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                while (!stopping.IsCancellationRequested)
                {
                    if (file.Length < offset)
                    {
                        throw new IOException($"'{path}' shrank below offset {offset}: the source must only be appended to.");
                    }
                    file.Position = offset;
                    var read = file.Read(buffer);
                    var (lines, consumed) = CompleteLines(buffer.AsSpan(0, read));
                    if (consumed == 0)
                    {
                        Wait(stopping);
                        continue;
                    }
                    offset += consumed;
                    if (lines.Count > 0)
                    {
                        // Returns once the chunk and its offset are in the write-ahead log: the offset is safe to resume from.
                        Store(lines, offset);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            // The restarted receiver resumes from the last logged offset, not from where this thread got to.
            Restart($"Tailing '{path}' failed", error);
        }
    }

    /// <summary>The complete lines at the start of <paramref name="bytes"/> (up to the chunk size) and how many bytes they span.</summary>
    private static (List<string> Lines, int Consumed) CompleteLines(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<string>();
        var consumed = 0;
        while (lines.Count < MaxLinesPerChunk)
        {
            var newline = bytes[consumed..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }
            var line = Encoding.UTF8.GetString(bytes.Slice(consumed, newline)).Trim();
            consumed += newline + 1;
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }
        return (lines, consumed);
    }

    private void Wait(CancellationToken stopping) => Task.Delay(Poll, TimeProvider, stopping).GetAwaiter().GetResult();
}

using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Receivers;

/// <summary>
/// The executor's side of a receiver (what Spark's receiver job runs): a supervisor with its block generator, rate
/// limiter and lifecycle, whose every stored block is kept in this executor's input block store, served to the
/// others, copied to a second executor (Spark's default storage level for received blocks, <c>MEMORY_AND_DISK_SER_2</c>)
/// and only then reported to the driver, so that losing one executor loses no block a batch may take. With no other
/// executor to copy to, the block is reported with its one copy (and a warning). With the write-ahead log, each block
/// is instead appended to the stream's log in the shared checkpoint directory (fsync'd) before it is reported, and not
/// copied (Spark forces one copy then): a receiver starting again after its executor was lost first reports the logged
/// blocks the driver may not have heard of, and resumes from the last logged metadata. Runs until the driver sends
/// <see cref="StopReceiver"/> or kills the task; then stops the receiver for good, so its last blocks are reported
/// before the task ends.
/// </summary>
internal static class ReceiverTask<T>
{
    /// <summary>Runs <paramref name="receiver"/> in this executor until it is stopped; returns how many blocks it stored.</summary>
    public static long Run(EmberContext ember, Receiver<T> receiver, ReceiverTaskSettings settings, TaskContext task)
    {
        var location = ember.InputBlocks.Location
            ?? throw new InvalidOperationException($"Receiver of stream {settings.StreamId} runs in a process without a block service to keep its blocks.");
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ReceiverSupervisor<T>? supervisor = null;
        var peers = settings.Peers;
        var warned = 0;
        long blocks = 0;

        void OnDriverMessage(object message)
        {
            switch (message)
            {
                case StopReceiver stop when stop.StreamId == settings.StreamId:
                    stopped.TrySetResult();
                    break;
                case ReceiverPeers update when update.StreamId == settings.StreamId:
                    Volatile.Write(ref peers, update.Locations);
                    break;
                case ReceiverRateUpdate rate when rate.StreamId == settings.StreamId:
                    Volatile.Read(ref supervisor)?.Limiter?.SetRate(rate.Rate);
                    break;
            }
        }

        void Forward(Block<T> block)
        {
            // Kept and served here first, so the driver never hears of a block no task can read.
            var id = Random.Shared.NextInt64(1, long.MaxValue);
            ember.InputBlocks.PutShared(id, block.Records);
            if (block.Sequence is { } sequence)
            {
                task.SendToDriver(new ReceivedBlockReport(settings.StreamId, id, block.Records.Length, [location], sequence));
                Interlocked.Increment(ref blocks);
                return;
            }
            var candidates = Volatile.Read(ref peers).Where(peer => peer != location).ToArray();
            // Starting at a different peer for each block spreads the copies over the other executors.
            var start = candidates.Length == 0 ? 0 : (int)(id % candidates.Length);
            var replica = ember.InputBlocks.Replicate(id, candidates[start..].Concat(candidates[..start]), task.CancellationToken);
            if (replica is null && Interlocked.Exchange(ref warned, 1) == 0)
            {
                ember.Logger.LogWarning("Receiver of stream {StreamId} at {Location}: no other executor took a copy of block {Block}; it is kept here only",
                    settings.StreamId, location, id);
            }
            task.SendToDriver(new ReceivedBlockReport(settings.StreamId, id, block.Records.Length, replica is null ? [location] : [location, replica]));
            Interlocked.Increment(ref blocks);
        }

        var host = new ReceiverHost(settings.StreamId, () => settings.Name, TimeProvider.System, settings.BlockInterval, settings.RestartDelay,
            settings.BackpressureInitialRate, ember.Serializer, ember.Logger,
            (kind, info) => task.SendToDriver(new ReceiverEventReport(settings.StreamId, kind, info)), location);
        WriteAheadLog.ReceivedBlockLog<T>? log = null;
        ember.DriverMessage += OnDriverMessage;
        try
        {
            Volatile.Write(ref supervisor, new ReceiverSupervisor<T>(receiver, host, new ReceiverOptions { MaxRatePerSecond = settings.MaxRatePerSecond },
                settings.Backpressure, Forward));
            if (settings.Log is { } logSettings)
            {
                log = new WriteAheadLog.ReceivedBlockLog<T>(logSettings.Directory, ember.Serializer, logSettings.RollInterval, ember.Logger, settings.Name);
                var found = log.Recover(sequence => sequence >= logSettings.ReportedUntil);
                supervisor.Blocks.UseLog(log, [], found.LastMetadata);
                // Logged by an earlier run and perhaps never reported: reported now, ahead of anything new (the driver
                // drops those it already had).
                foreach (var block in found.Blocks.Values.OrderBy(block => block.Sequence))
                {
                    Forward(block);
                }
            }
            supervisor.Start();
            using (task.CancellationToken.Register(() => stopped.TrySetResult()))
            {
                stopped.Task.GetAwaiter().GetResult();
            }
            supervisor.StopAsync(task.CancellationToken.IsCancellationRequested ? "The receiver's task was killed" : "Stopped by the streaming context")
                .GetAwaiter().GetResult();
        }
        finally
        {
            ember.DriverMessage -= OnDriverMessage;
            log?.Close();
        }
        return Interlocked.Read(ref blocks);
    }
}

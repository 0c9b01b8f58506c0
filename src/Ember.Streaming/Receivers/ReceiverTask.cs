namespace Ember.Streaming.Receivers;

/// <summary>
/// The executor's side of a receiver (what Spark's receiver job runs): a supervisor with its block generator, rate
/// limiter and lifecycle, whose every stored block is kept in this executor's input block store, served to the
/// others, and reported to the driver before it counts as stored. Runs until the driver sends
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
        long blocks = 0;

        void OnDriverMessage(object message)
        {
            switch (message)
            {
                case StopReceiver stop when stop.StreamId == settings.StreamId:
                    stopped.TrySetResult();
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
            task.SendToDriver(new ReceivedBlockReport(settings.StreamId, id, block.Records.Length, location));
            Interlocked.Increment(ref blocks);
        }

        var host = new ReceiverHost(settings.StreamId, () => settings.Name, TimeProvider.System, settings.BlockInterval, settings.RestartDelay,
            settings.BackpressureInitialRate, ember.Serializer, ember.Logger,
            (kind, info) => task.SendToDriver(new ReceiverEventReport(settings.StreamId, kind, info)), location);
        ember.DriverMessage += OnDriverMessage;
        try
        {
            Volatile.Write(ref supervisor, new ReceiverSupervisor<T>(receiver, host, new ReceiverOptions { MaxRatePerSecond = settings.MaxRatePerSecond },
                settings.Backpressure, Forward));
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
        }
        return Interlocked.Read(ref blocks);
    }
}

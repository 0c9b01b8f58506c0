using Ember.Streaming.Receivers;

namespace Ember.UI.Tests.Support;

/// <summary>A receiver that stores a few numbers every 20 ms on its own thread, so every batch has receiver input.</summary>
internal sealed class TickReceiver : Receiver<int>
{
    private Thread? thread;

    protected override void OnStart()
    {
        var stopping = StoppingToken;
        thread = new Thread(() =>
        {
            for (var i = 0; !stopping.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(20)); i++)
            {
                Store([i, i + 1, i + 2]);
            }
        })
        { IsBackground = true, Name = "tick-receiver" };
        thread.Start();
    }

    protected override void OnStop() => thread?.Join();
}

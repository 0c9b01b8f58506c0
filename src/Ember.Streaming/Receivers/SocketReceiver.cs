using System.Net.Sockets;

namespace Ember.Streaming.Receivers;

/// <summary>
/// Reads records from a TCP server (Spark's SocketReceiver): connects with a <see cref="TcpClient"/> and stores what
/// <c>converter</c> makes of the connection's bytes, record by record, on a dedicated thread. When the server cannot be
/// reached or closes the connection, it reports the error (naming host:port) and connects again after a back-off on
/// the context's clock: 100 ms, doubling up to 5 s, back to 100 ms after a successful connection. Records already
/// stored are never lost by a reconnection.
/// </summary>
internal sealed class SocketReceiver<T>(string host, int port, Func<Stream, IEnumerable<T>> converter) : Receiver<T>
{
    internal static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    // How long OnStop waits for the reading thread. The thread ends as soon as its token fires unless the converter
    // blocks on something other than the socket; then the context's stop must not hang on it.
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(10);

    private Thread? reader;

    private string Endpoint => $"{host}:{port}";

    protected override void OnStart()
    {
        var stopping = StoppingToken;
        reader = new Thread(() => ReceiveUntilStopped(stopping))
        {
            IsBackground = true,
            Name = $"ember-socket-receiver-{StreamId}",
        };
        reader.Start();
    }

    protected override void OnStop()
    {
        // StoppingToken has fired: it closed the connection and ended any back-off wait, so the thread is ending.
        if (reader is { } thread && thread != Thread.CurrentThread && !thread.Join(JoinTimeout))
        {
            ReportError($"The reader of {Endpoint} did not end within {JoinTimeout.TotalSeconds} s of being stopped; records it still stores are dropped", null);
        }
        reader = null;
    }

    private void ReceiveUntilStopped(CancellationToken stopping)
    {
        try
        {
            Receive(stopping);
        }
        catch (Exception unexpected)
        {
            // An exception escaping a thread ends the process: report it and let the receiver stop instead.
            Stop($"The reader of {Endpoint} failed", unexpected);
        }
    }

    private void Receive(CancellationToken stopping)
    {
        var backoff = FirstBackoff;
        while (!stopping.IsCancellationRequested)
        {
            string problem;
            Exception? error = null;
            var connected = false;
            try
            {
                using var client = new TcpClient();
                // Closing the socket is what ends a blocking read when the receiver stops.
                using var closeOnStop = stopping.Register(client.Dispose);
                client.ConnectAsync(host, port, stopping).AsTask().GetAwaiter().GetResult();
                connected = true;
                backoff = FirstBackoff;
                using var network = client.GetStream();
                foreach (var record in converter(network))
                {
                    Store(record);
                }
                problem = $"The connection to {Endpoint} was closed by the server; reconnecting";
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                error = failure;
                problem = connected
                    ? $"Error receiving from {Endpoint}: {failure.Message}; reconnecting"
                    : $"Cannot connect to {Endpoint}: {failure.Message}; retrying";
            }
            // Arm the back-off before reporting, so that whoever sees the error can move a fake clock past it.
            var wait = Task.Delay(backoff, TimeProvider, stopping);
            ReportError($"{problem} in {(long)backoff.TotalMilliseconds} ms", error);
            try
            {
                wait.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
        }
    }
}

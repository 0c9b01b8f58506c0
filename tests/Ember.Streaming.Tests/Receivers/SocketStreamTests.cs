using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ember.Streaming.Tests.Receivers;

public class SocketStreamTests
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task SocketTextStream_Lines_ArriveExactlyOnce()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        await using var harness = ReceiverHarness.Create();
        var lines = harness.Context.SocketTextStream("127.0.0.1", Port(server));
        var output = harness.Collect(lines);
        harness.Start();

        using (var connection = await server.AcceptTcpClientAsync().WaitAsync(ReceiverHarness.Patience))
        {
            var stream = connection.GetStream();
            await SendAsync(stream, "hello\nwindows line\r\n\nnaïve café ✓ 日本語\n");
            var split = Encoding.UTF8.GetBytes("é€\n");
            await stream.WriteAsync(split.AsMemory(0, 3)); // the first byte of '€' alone
            await stream.FlushAsync();
            await stream.WriteAsync(split.AsMemory(3));
            await SendAsync(stream, "last line without newline");
        }
        var batches = await harness.RunBatchesUntilAsync(output, 6);

        Assert.Equal(["hello", "windows line", "", "naïve café ✓ 日本語", "é€", "last line without newline"], output.All);
        Assert.Equal(6, batches.Sum(batch => batch.StreamIdToInputInfo[lines.Id].NumRecords));
    }

    [Fact]
    public async Task SocketTextStream_ServerDropsTheConnection_ReportsAndReconnectsWithoutLossOrDuplicates()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = Port(server);
        await using var harness = ReceiverHarness.Create();
        var lines = harness.Context.SocketTextStream("127.0.0.1", port);
        var output = harness.Collect(lines);
        harness.Start();

        using (var first = await server.AcceptTcpClientAsync().WaitAsync(ReceiverHarness.Patience))
        {
            await SendAsync(first.GetStream(), "a\nb\n");
            await harness.RunBatchesUntilAsync(output, 2);
            Assert.Equal(["a", "b"], output.All);
        }
        var closed = await harness.Events.Receiver("error");
        Assert.Contains($"127.0.0.1:{port}", closed.LastErrorMessage);
        Assert.Contains("closed by the server", closed.LastErrorMessage);
        Assert.True(closed.Active);
        var reconnected = server.AcceptTcpClientAsync();
        harness.Clock.Advance(FirstBackoff);
        using (var second = await reconnected.WaitAsync(ReceiverHarness.Patience))
        {
            await SendAsync(second.GetStream(), "c\nd\ne"); // "e" is not a line until its newline comes
            await harness.RunBatchesUntilAsync(output, 4);
            var beforeNewline = await harness.RunBatchAsync();
            Assert.Equal(["a", "b", "c", "d"], output.All);
            Assert.Empty(output.Records(beforeNewline.BatchTime));
            await SendAsync(second.GetStream(), "\nf\n");
            await harness.RunBatchesUntilAsync(output, 6);

            Assert.Equal(["a", "b", "c", "d", "e", "f"], output.All);
            second.Client.Close(timeout: 0); // close with a reset this time
        }
        var reset = await harness.Events.Receiver("error", 2);
        Assert.Contains($"Error receiving from 127.0.0.1:{port}", reset.LastErrorMessage);
        Assert.Contains("100 ms", reset.LastErrorMessage); // the back-off started over after the reconnection
        var third = server.AcceptTcpClientAsync();
        harness.Clock.Advance(FirstBackoff);
        using (var connection = await third.WaitAsync(ReceiverHarness.Patience))
        {
            await SendAsync(connection.GetStream(), "g\n");
            await harness.RunBatchesUntilAsync(output, 7);
        }

        Assert.Equal(["a", "b", "c", "d", "e", "f", "g"], output.All);
        Assert.Equal(["started", "error", "error"], harness.Events.Kinds.Take(3));
    }

    [Fact]
    public async Task SocketTextStream_ServerNotListeningAtFirst_ConnectsAfterBackoff()
    {
        var port = FreePort();
        await using var harness = ReceiverHarness.Create();
        var lines = harness.Context.SocketTextStream("127.0.0.1", port);
        var output = harness.Collect(lines);
        harness.Start();

        var refused = await harness.Events.Receiver("error");
        Assert.Contains($"127.0.0.1:{port}", refused.LastErrorMessage);
        Assert.Contains("100 ms", refused.LastErrorMessage);
        harness.Clock.Advance(FirstBackoff);
        var refusedAgain = await harness.Events.Receiver("error", 2);
        Assert.Contains("200 ms", refusedAgain.LastErrorMessage);
        harness.Clock.Advance(FirstBackoff); // half of the doubled back-off: no attempt yet
        using var server = new TcpListener(IPAddress.Loopback, port);
        server.Start();
        var accepted = server.AcceptTcpClientAsync();
        harness.Clock.Advance(FirstBackoff);
        using var connection = await accepted.WaitAsync(ReceiverHarness.Patience);
        await SendAsync(connection.GetStream(), "finally\n");
        await harness.RunBatchesUntilAsync(output, 1);

        Assert.Equal(["finally"], output.All);
        Assert.Equal(["started", "error", "error"], harness.Events.Kinds);
    }

    [Fact]
    public async Task SocketStream_Converter_ReadsRecordsFromTheConnection()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        await using var harness = ReceiverHarness.Create();
        var numbers = harness.Context.SocketStream("127.0.0.1", Port(server), ReadInts);
        var output = harness.Collect(numbers);
        harness.Start();

        using var connection = await server.AcceptTcpClientAsync().WaitAsync(ReceiverHarness.Patience);
        var bytes = new byte[4 * 3];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 7);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), -1);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 1 << 20);
        await connection.GetStream().WriteAsync(bytes);
        await harness.RunBatchesUntilAsync(output, 3);

        Assert.Equal([7, -1, 1 << 20], output.All);
    }

    [Fact]
    public async Task SocketTextStream_ContextStopsWhileConnectedOrInBackoff_StopsPromptly()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var harness = ReceiverHarness.Create();
        var connected = harness.Context.SocketTextStream("127.0.0.1", Port(server));
        harness.Collect(connected);
        var unreachable = harness.Context.SocketTextStream("127.0.0.1", FreePort());
        harness.Collect(unreachable);
        harness.Start();
        using var connection = await server.AcceptTcpClientAsync().WaitAsync(ReceiverHarness.Patience);
        await harness.Events.Receiver("error"); // the unreachable one, now waiting out its back-off

        await harness.DisposeAsync(); // a blocked read and a back-off wait both end at once

        var stopped = harness.Events.ReceiverEvents.Where(e => e.Kind == "stopped").Select(e => e.Info.StreamId).Order();
        Assert.Equal([connected.Id, unreachable.Id], stopped);
    }

    [Fact]
    public async Task SocketSources_BadArguments_AreRejected()
    {
        await using var harness = ReceiverHarness.Create();
        var context = harness.Context;
        Assert.Throws<ArgumentNullException>(() => context.SocketTextStream(null!, 9999));
        Assert.Throws<ArgumentException>(() => context.SocketTextStream("", 9999));
        Assert.Throws<ArgumentException>(() => context.SocketTextStream("  ", 9999));
        foreach (var port in new[] { 0, -1, 65536 })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => context.SocketTextStream("localhost", port));
            Assert.Equal("port", error.ParamName);
            Assert.Equal(port, error.ActualValue);
            Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        }
        Assert.Equal("converter", Assert.Throws<ArgumentNullException>(() => context.SocketStream<int>("localhost", 9999, null!)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => context.SocketStream("localhost", 70000, ReadInts));
        harness.Collect(context.SocketTextStream("localhost", 65535));
        harness.Collect(context.SocketStream("localhost", 1, ReadInts));
        harness.Start();

        Assert.Throws<InvalidOperationException>(() => context.SocketTextStream("localhost", 9999));
        Assert.Throws<InvalidOperationException>(() => context.SocketStream("localhost", 9999, ReadInts));
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>A port the OS just handed out and that nothing listens on any more.</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = Port(probe);
        probe.Stop();
        return port;
    }

    private static async Task SendAsync(NetworkStream stream, string text)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await stream.FlushAsync();
    }

    private static IEnumerable<int> ReadInts(Stream stream)
    {
        var buffer = new byte[4];
        while (true)
        {
            try
            {
                stream.ReadExactly(buffer);
            }
            catch (EndOfStreamException)
            {
                yield break;
            }
            yield return BinaryPrimitives.ReadInt32BigEndian(buffer);
        }
    }
}

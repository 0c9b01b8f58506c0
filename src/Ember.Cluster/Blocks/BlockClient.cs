using System.Buffers;
using System.Collections.Concurrent;
using Ember.Cluster.Blocks.Protocol;
using Ember.Cluster.Security;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ember.Cluster.Blocks;

/// <summary>
/// Fetches blocks from other processes' <see cref="BlockServer"/>s: one gRPC channel per peer, kept for the client's
/// life; each block assembled into one pooled buffer; at most <see cref="BlockClientOptions.MaxBytesInFlight"/> bytes
/// held across all fetches, granted in the order fetches were asked for. Thread-safe.
/// </summary>
internal sealed class BlockClient : IDisposable
{
    private readonly ConcurrentDictionary<BlockPeer, Lazy<GrpcChannel>> channels = new();
    private readonly BlockClientOptions options;
    private readonly ByteBudget budget;
    private long bytesFetched;
    private bool disposed;

    public BlockClient(BlockClientOptions? options = null)
    {
        this.options = options ?? new BlockClientOptions();
        budget = new ByteBudget(this.options.MaxBytesInFlight);
    }

    /// <summary>Bytes of fetched blocks held now: being received, or fetched and not yet disposed.</summary>
    public long BytesInFlight => budget.InUse;

    /// <summary>Bytes of every block fetched so far (an executor's shuffle read bytes, with the local ones added).</summary>
    public long BytesFetched => Interlocked.Read(ref bytesFetched);

    /// <summary>The most bytes ever in flight at once (above the budget only for a single block bigger than it).</summary>
    public long PeakBytesInFlight => budget.Peak;

    /// <summary>
    /// Fetches block <paramref name="blockId"/> from <paramref name="peer"/>. Dispose the result as soon as it is read:
    /// until then it counts against the bytes in flight.
    /// </summary>
    /// <param name="peer">The block service holding the block.</param>
    /// <param name="blockId">The block.</param>
    /// <param name="expectedLength">
    /// The block's length when known (a shuffle reader knows it from the map output sizes): the bytes are then
    /// reserved before the request is sent, in call order, rather than when the first chunk arrives.
    /// </param>
    /// <param name="cancellationToken">Gives up waiting for the budget or the transfer.</param>
    /// <exception cref="BlockNotFoundException">The peer does not hold the block.</exception>
    /// <exception cref="BlockFetchFailedException">The peer cannot be reached, or failed during the transfer.</exception>
    public async Task<FetchedBlock> FetchAsync(BlockPeer peer, BlockId blockId, long? expectedLength = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (expectedLength is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedLength), expectedLength, "A block length is not negative.");
        }
        long reserved = 0;
        byte[]? buffer = null;
        try
        {
            if (expectedLength is { } expected)
            {
                await budget.AcquireAsync(expected, cancellationToken);
                reserved = expected;
            }
            var client = new BlockService.BlockServiceClient(ChannelTo(peer));
            using var call = client.Fetch(new FetchRequest { BlockId = blockId.ToString() }, cancellationToken: cancellationToken);
            var chunks = call.ResponseStream;
            if (!await chunks.MoveNext(cancellationToken))
            {
                throw new InvalidDataException("The peer ended the stream without sending the block.");
            }
            var total = chunks.Current.TotalLength;
            if (total < 0 || total > Array.MaxLength)
            {
                throw new InvalidDataException($"The peer announced a block of {total} bytes, more than one buffer holds.");
            }
            reserved = await ResizeReservation(reserved, total, cancellationToken);
            buffer = ArrayPool<byte>.Shared.Rent((int)total);
            var received = 0;
            do
            {
                var data = chunks.Current.Data.Span;
                if (data.Length > total - received)
                {
                    throw new InvalidDataException($"The peer sent more than the {total} bytes it announced.");
                }
                data.CopyTo(buffer.AsSpan(received));
                received += data.Length;
            }
            while (await chunks.MoveNext(cancellationToken));
            if (received != total)
            {
                throw new InvalidDataException($"The peer sent {received} of the {total} bytes it announced.");
            }
            Interlocked.Add(ref bytesFetched, received);
            var block = new FetchedBlock(blockId, buffer, received, budget, reserved);
            buffer = null;
            reserved = 0;
            return block;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            throw new BlockNotFoundException(peer, blockId, e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is RpcException or InvalidDataException or IOException or HttpRequestException)
        {
            throw new BlockFetchFailedException(peer, blockId, e);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            if (reserved > 0)
            {
                budget.Release(reserved);
            }
        }
    }

    /// <summary>
    /// Stores a copy of <paramref name="bytes"/> under <paramref name="blockId"/> (an input block) at <paramref name="peer"/>,
    /// in chunks; completes once the peer stored it. Throws <see cref="BlockFetchFailedException"/> when the peer
    /// cannot be reached or refuses it.
    /// </summary>
    public async Task PutAsync(BlockPeer peer, BlockId blockId, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        try
        {
            var client = new BlockService.BlockServiceClient(ChannelTo(peer));
            using var call = client.Put(cancellationToken: cancellationToken);
            var offset = 0;
            do
            {
                var length = Math.Min(BlockServiceEndpoint.ChunkSize, bytes.Length - offset);
                var chunk = new PutChunk { Data = Google.Protobuf.ByteString.CopyFrom(bytes.Span.Slice(offset, length)) };
                if (offset == 0)
                {
                    chunk.BlockId = blockId.ToString();
                    chunk.TotalLength = bytes.Length;
                }
                await call.RequestStream.WriteAsync(chunk, cancellationToken);
                offset += length;
            }
            while (offset < bytes.Length);
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is RpcException or IOException or HttpRequestException)
        {
            throw new BlockFetchFailedException(peer, blockId, e);
        }
    }

    /// <summary>
    /// Removes blocks from <paramref name="peer"/> and returns how many it held (for example task results the driver
    /// has read). Throws <see cref="RpcException"/> when the peer cannot be reached.
    /// </summary>
    public async Task<int> RemoveAsync(BlockPeer peer, IEnumerable<BlockId> blockIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blockIds);
        ObjectDisposedException.ThrowIf(disposed, this);
        var request = new RemoveRequest();
        request.BlockIds.AddRange(blockIds.Select(id => id.ToString()));
        var reply = await new BlockService.BlockServiceClient(ChannelTo(peer)).RemoveAsync(request, cancellationToken: cancellationToken);
        return reply.Removed;
    }

    public void Dispose()
    {
        disposed = true;
        foreach (var channel in channels.Values.Where(channel => channel.IsValueCreated))
        {
            channel.Value.Dispose();
        }
        channels.Clear();
    }

    // A length announced unlike the expected one (it should not happen) is corrected, so the count stays true.
    private async Task<long> ResizeReservation(long reserved, long total, CancellationToken cancellationToken)
    {
        if (total > reserved)
        {
            await budget.AcquireAsync(total - reserved, cancellationToken);
        }
        else if (total < reserved)
        {
            budget.Release(reserved - total);
        }
        return total;
    }

    private GrpcChannel ChannelTo(BlockPeer peer) =>
        channels.GetOrAdd(peer, key => new Lazy<GrpcChannel>(() => CreateChannel(key, options))).Value;

    /// <summary>A channel to <paramref name="peer"/> with <paramref name="options"/>' timeouts and authentication.</summary>
    internal static GrpcChannel CreateChannel(BlockPeer peer, BlockClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = options.KeepAliveTimeout,
            KeepAlivePingTimeout = options.KeepAliveTimeout,
        };
        if (options.Secret is not null)
        {
            handler.SslOptions = BlockServiceTls.Client(options.Secret);
        }
        return GrpcChannel.ForAddress(peer.Address(tls: options.Secret is not null), new GrpcChannelOptions
        {
            // Chunks are at most 1 MiB; 2 MiB (not gRPC's 4 MB default) is the limit on purpose, as on the server.
            MaxReceiveMessageSize = BlockServiceEndpoint.ChunkSize * 2,
            HttpHandler = handler,
            DisposeHttpClient = true,
        });
    }
}

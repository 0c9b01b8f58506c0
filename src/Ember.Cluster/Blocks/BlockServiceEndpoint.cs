using System.Buffers;
using Ember.Cluster.Blocks.Protocol;
using Google.Protobuf;
using Grpc.Core;

namespace Ember.Cluster.Blocks;

/// <summary>
/// The gRPC side of a <see cref="LocalBlockStore"/>: streams a block in chunks of at most <see cref="ChunkSize"/>
/// bytes, one <c>WriteAsync</c> at a time, so HTTP/2 flow control paces the sender to the reader.
/// </summary>
/// <param name="store">The blocks served.</param>
/// <param name="stopping">Cancelled when the server stops: ends streams whose reader stopped reading, which would
/// otherwise hold the shutdown until they time out.</param>
internal sealed class BlockServiceEndpoint(LocalBlockStore store, CancellationToken stopping) : BlockService.BlockServiceBase
{
    /// <summary>The largest chunk: 1 MiB, half the 2 MiB message limit both sides set.</summary>
    public const int ChunkSize = 1 << 20;

    public override async Task Fetch(FetchRequest request, IServerStreamWriter<Chunk> responseStream, ServerCallContext context)
    {
        var id = ParseId(request.BlockId);
        var block = store.Get(id) ?? throw NotFound(id);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stopping);
        var cancellationToken = linked.Token;
        if (block.IsInMemory)
        {
            // The stored bytes are never modified, so chunks wrap them without a copy.
            var memory = block.Memory;
            var offset = 0;
            do
            {
                var length = Math.Min(ChunkSize, memory.Length - offset);
                await responseStream.WriteAsync(ChunkOf(block.Length, offset, UnsafeByteOperations.UnsafeWrap(memory.Slice(offset, length))), cancellationToken);
                offset += length;
            }
            while (offset < memory.Length);
            return;
        }

        Stream file;
        try
        {
            file = block.OpenRead();
        }
        catch (FileNotFoundException)
        {
            throw NotFound(id); // removed between Get and open
        }
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            await using (file)
            {
                long sent = 0;
                do
                {
                    var length = await file.ReadAtLeastAsync(buffer.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellationToken);
                    // WriteAsync has serialized the message once it completes, so the buffer is free for the next chunk.
                    await responseStream.WriteAsync(ChunkOf(block.Length, sent, UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, length))), cancellationToken);
                    sent += length;
                    if (length < ChunkSize && sent < block.Length)
                    {
                        throw new RpcException(new Status(StatusCode.DataLoss, $"Block {id}'s file ended after {sent} of {block.Length} bytes."));
                    }
                }
                while (sent < block.Length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override Task<RemoveReply> Remove(RemoveRequest request, ServerCallContext context)
    {
        var ids = request.BlockIds.Select(ParseId).ToList();
        return Task.FromResult(new RemoveReply { Removed = ids.Count(store.Remove) });
    }

    public override async Task<PutReply> Put(IAsyncStreamReader<PutChunk> requestStream, ServerCallContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stopping);
        if (!await requestStream.MoveNext(linked.Token))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A put sent no chunk."));
        }
        var id = ParseId(requestStream.Current.BlockId);
        if (id.Kind != BlockKind.Input)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"Block {id} is not an input block: only input blocks may be put by a peer."));
        }
        var total = requestStream.Current.TotalLength;
        if (total < 0 || total > Array.MaxLength)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"A block of {total} bytes does not fit one buffer."));
        }
        var bytes = new byte[total];
        var received = 0;
        do
        {
            var data = requestStream.Current.Data.Span;
            if (data.Length > total - received)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"The put sent more than the {total} bytes it announced."));
            }
            data.CopyTo(bytes.AsSpan(received));
            received += data.Length;
        }
        while (await requestStream.MoveNext(linked.Token));
        if (received != total)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"The put sent {received} of the {total} bytes it announced."));
        }
        store.Put(id, bytes);
        return new PutReply();
    }

    // The length rides on the first chunk only, so the reader can size its buffer before the data arrives.
    private static Chunk ChunkOf(long totalLength, long offset, ByteString data) =>
        offset == 0 ? new Chunk { TotalLength = totalLength, Data = data } : new Chunk { Data = data };

    private static BlockId ParseId(string name) => BlockId.TryParse(name, out var id)
        ? id
        : throw new RpcException(new Status(StatusCode.InvalidArgument, $"'{name}' is not a block id."));

    private static RpcException NotFound(BlockId id) => new(new Status(StatusCode.NotFound, $"Block {id} is not stored here."));
}

using System.Net;
using Ember.Cluster.Benchmarks.Stream.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Ember.Cluster.Benchmarks.Stream;

/// <summary>
/// The bare baseline: a gRPC server stream of 1 MiB chunks of one fixed buffer (no store, no copy on the server:
/// the chunk wraps the buffer) on a Kestrel h2c endpoint on 127.0.0.1, read by a plain generated client that counts
/// the bytes and keeps none. Same transport settings as the block service (HTTP/2 only, 2 MiB message limits).
/// </summary>
internal sealed class BareChunkStream : IAsyncDisposable
{
    public const int ChunkSize = 1 << 20;
    private readonly WebApplication app;
    private readonly GrpcChannel channel;

    private BareChunkStream(WebApplication app, GrpcChannel channel)
    {
        this.app = app;
        this.channel = channel;
    }

    public static async Task<BareChunkStream> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddRouting();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxSendMessageSize = ChunkSize * 2;
            grpc.MaxReceiveMessageSize = ChunkSize * 2;
        });
        builder.Services.AddSingleton<ChunkService>();
        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<ChunkService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = ChunkSize * 2 });
        return new BareChunkStream(app, channel);
    }

    /// <summary>Reads one stream of <paramref name="chunks"/> chunks; returns the bytes received.</summary>
    public async Task<long> ReadAsync(int chunks)
    {
        var client = new ChunkStream.ChunkStreamClient(channel);
        using var call = client.Read(new ReadRequest { Count = chunks });
        long bytes = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            bytes += call.ResponseStream.Current.Data.Length;
        }
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        channel.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class ChunkService : ChunkStream.ChunkStreamBase
    {
        private readonly ByteString chunk;

        public ChunkService()
        {
            var bytes = new byte[ChunkSize];
            Payload.Fill(0, bytes);
            chunk = UnsafeByteOperations.UnsafeWrap(bytes);
        }

        public override async Task Read(ReadRequest request, IServerStreamWriter<Piece> responseStream, ServerCallContext context)
        {
            for (var i = 0; i < request.Count; i++)
            {
                await responseStream.WriteAsync(new Piece { Data = chunk });
            }
        }
    }
}

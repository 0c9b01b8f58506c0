using System.Net;
using Ember.Cluster.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Cluster.Blocks;

/// <summary>
/// Serves a <see cref="LocalBlockStore"/> to other processes: Kestrel, HTTP/2 only (cleartext h2c needs an HTTP/2-only
/// endpoint; with a shared secret, mutual TLS), hosting the <c>BlockService</c> gRPC service. Binds 127.0.0.1 on a free port unless told
/// otherwise; <see cref="Peer"/> is where it listens once started. Does not own the store.
/// </summary>
internal sealed class BlockServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();
    private readonly IPAddress bindAddress;
    private BlockPeer? peer;
    private long requestsReceived;

    /// <param name="store">The blocks to serve.</param>
    /// <param name="bindAddress">The address to listen on: loopback by default, so nothing off this machine can connect.</param>
    /// <param name="port">The port, 0 (the default) for a free one.</param>
    /// <param name="loggerFactory">Where Kestrel and gRPC log; nothing is logged when null.</param>
    /// <param name="secret">
    /// The cluster's shared secret: with one, the server speaks only mutual TLS and refuses, at the handshake, any
    /// client that does not present the key derived from it; null for cleartext HTTP/2.
    /// </param>
    public BlockServer(LocalBlockStore store, IPAddress? bindAddress = null, int port = 0, ILoggerFactory? loggerFactory = null,
        ClusterSecret? secret = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        this.bindAddress = bindAddress ?? IPAddress.Loopback;

        // The empty builder reads no configuration files, environment variables or command line: a block service
        // inside a user's process must not pick up that process's ASPNETCORE_URLS or appsettings.json.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.AddSingleton(loggerFactory ?? NullLoggerFactory.Instance);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(this.bindAddress, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (secret is not null)
                {
                    listen.UseHttps(BlockServiceTls.Server(secret, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Ember.Cluster.Blocks")));
                }
            });
        });
        builder.Services.AddRouting();
        builder.Services.AddGrpc(grpc =>
        {
            // Chunks are at most 1 MiB; the limits leave room for the framing, and requests are tiny.
            grpc.MaxSendMessageSize = BlockServiceEndpoint.ChunkSize * 2;
            grpc.MaxReceiveMessageSize = BlockServiceEndpoint.ChunkSize * 2;
        });
        builder.Services.AddSingleton(new BlockServiceEndpoint(store, stopping.Token));
        app = builder.Build();
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref requestsReceived);
            return next(context);
        });
        app.UseRouting();
        app.MapGrpcService<BlockServiceEndpoint>();
    }

    /// <summary>
    /// HTTP requests that reached the server's pipeline, authenticated or on cleartext: a client refused at the TLS
    /// handshake never adds one, and nothing it sent was read past the handshake.
    /// </summary>
    public long RequestsReceived => Interlocked.Read(ref requestsReceived);

    /// <summary>Where the server listens. Throws until <see cref="StartAsync"/> has completed.</summary>
    public BlockPeer Peer => peer ?? throw new InvalidOperationException("The block server has not started.");

    /// <summary>Binds the port and starts serving.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        peer = new BlockPeer(bindAddress.ToString(), new Uri(address).Port);
    }

    /// <summary>Stops serving (open streams are cut) and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (peer is not null)
        {
            await stopping.CancelAsync();
            await app.StopAsync();
        }
        await app.DisposeAsync();
        stopping.Dispose();
    }
}

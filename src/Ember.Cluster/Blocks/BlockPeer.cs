using System.Globalization;

namespace Ember.Cluster.Blocks;

/// <summary>Where a process's block service listens: the host and port its <see cref="BlockServer"/> bound.</summary>
internal readonly record struct BlockPeer
{
    public BlockPeer(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>
    /// The gRPC address: https when the cluster has a shared secret (<paramref name="tls"/>; every block server of the
    /// cluster then runs mutual TLS), cleartext HTTP/2 otherwise.
    /// </summary>
    public Uri Address(bool tls) =>
        new($"{(tls ? "https" : "http")}://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary><c>host:port</c>.</summary>
    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}

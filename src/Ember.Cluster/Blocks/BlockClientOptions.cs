using Ember.Cluster.Security;

namespace Ember.Cluster.Blocks;

/// <summary>Settings of a <see cref="BlockClient"/>.</summary>
internal sealed record BlockClientOptions
{
    /// <summary>
    /// Bytes of fetched blocks one client holds at once, being received or not yet disposed (Spark's
    /// <c>spark.reducer.maxSizeInFlight</c>, 48 MiB). A block bigger than this is still fetched, alone.
    /// </summary>
    public long MaxBytesInFlight { get; init; } = 48L << 20;

    /// <summary>How long connecting to a peer may take before the fetch fails: a dead peer surfaces this fast.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The HTTP/2 keep-alive ping delay and timeout while a fetch is open: a peer that stops answering mid-transfer
    /// (a stopped process, a cut network) fails the fetch after about twice this.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The cluster's shared secret: with one, every peer is reached over mutual TLS and must present the derived key;
    /// null for cleartext HTTP/2 (h2c). Must match the servers': a client with another secret, or none, cannot fetch.
    /// </summary>
    public ClusterSecret? Secret { get; init; }
}

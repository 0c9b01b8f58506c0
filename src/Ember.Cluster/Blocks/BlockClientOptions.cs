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
}

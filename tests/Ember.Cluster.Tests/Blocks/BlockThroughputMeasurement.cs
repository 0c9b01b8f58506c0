using System.Diagnostics;
using System.Globalization;
using Ember.Cluster.Blocks;
using Ember.Cluster.Blocks.Protocol;
using Ember.Cluster.Security;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Blocks;

/// <summary>
/// Side by side: a set of blocks fetched through <see cref="BlockClient"/> (assembled into pooled buffers, bytes in
/// flight bounded) and the same bytes read off bare gRPC streams of the same service (chunks counted, not kept).
/// Reports the best of two runs of each without asserting on them; asserts that both paths deliver every byte. 16 MiB by default;
/// set EMBER_BLOCK_BENCH_MIB (for example 256) for a real measurement. Runs twice: cleartext (h2c), and mutual TLS with
/// a shared secret.
/// </summary>
public sealed class BlockThroughputMeasurement(ITestOutputHelper output)
{
    private const int BlockSize = 4 << 20;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FetchAsync_BlockSetThroughTheClientAndABareStream_DeliverTheSameBytes(bool tls)
    {
        var clientOptions = new BlockClientOptions { Secret = tls ? ClusterSecret.Of("throughput-measurement-secret") : null };
        var mebibytes = int.TryParse(Environment.GetEnvironmentVariable("EMBER_BLOCK_BENCH_MIB"), CultureInfo.InvariantCulture, out var configured) ? configured : 16;
        var blockCount = Math.Max(1, mebibytes * (1 << 20) / BlockSize);
        var total = (long)blockCount * BlockSize;
        await using var node = await BlockNode.StartAsync(memoryBudgetBytes: total, secret: clientOptions.Secret);
        var ids = Enumerable.Range(0, blockCount).Select(i => BlockId.Shuffle(0, i, 0)).ToList();
        foreach (var id in ids)
        {
            node.Store.Put(id, BlockNode.RandomBytes(BlockSize, seed: id.MapId));
        }
        using var client = new BlockClient(clientOptions);
        using var bareChannel = BlockClient.CreateChannel(node.Peer, clientOptions);
        var bare = new BlockService.BlockServiceClient(bareChannel);
        await BareFetchAsync(bare, ids[0]); // warm up both paths: connections, JIT
        (await client.FetchAsync(node.Peer, ids[0])).Dispose();

        var (bareBytes, bareTime) = await Timed(async () =>
        {
            long bytes = 0;
            foreach (var id in ids)
            {
                bytes += await BareFetchAsync(bare, id);
            }
            return bytes;
        });
        var (clientBytes, clientTime) = await Timed(async () =>
        {
            long bytes = 0;
            foreach (var id in ids)
            {
                using var block = await client.FetchAsync(node.Peer, id, BlockSize);
                bytes += block.Length;
            }
            return bytes;
        });
        var (concurrentBytes, concurrentTime) = await Timed(async () =>
        {
            var lengths = await Task.WhenAll(ids.Select(async id =>
            {
                using var block = await client.FetchAsync(node.Peer, id, BlockSize);
                return (long)block.Length;
            }));
            return lengths.Sum();
        });

        output.WriteLine($"{blockCount} blocks of {BlockSize >> 20} MiB ({total >> 20} MiB) on 127.0.0.1, {(tls ? "mutual TLS" : "h2c")}:");
        output.WriteLine($"  bare gRPC stream, one block at a time:  {Rate(total, bareTime)}");
        output.WriteLine($"  BlockClient, one block at a time:       {Rate(total, clientTime)}");
        output.WriteLine($"  BlockClient, all at once (48 MiB cap):  {Rate(total, concurrentTime)}, peak {client.PeakBytesInFlight >> 20} MiB in flight");
        Assert.Equal([total, total, total], new[] { bareBytes, clientBytes, concurrentBytes });
    }

    private static async Task<long> BareFetchAsync(BlockService.BlockServiceClient bare, BlockId id)
    {
        long bytes = 0;
        using var call = bare.Fetch(new FetchRequest { BlockId = id.ToString() });
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            bytes += call.ResponseStream.Current.Data.Length;
        }
        return bytes;
    }

    // The best of two runs: the machine is shared, and a run is slowed by others more often than sped up.
    private static async Task<(long Bytes, TimeSpan Time)> Timed(Func<Task<long>> run)
    {
        var best = TimeSpan.MaxValue;
        long bytes = 0;
        for (var round = 0; round < 2; round++)
        {
            var clock = Stopwatch.StartNew();
            bytes = await run();
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }
        return (bytes, best);
    }

    private static string Rate(long bytes, TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20) / time.TotalSeconds,7:F0} MiB/s ({time.TotalMilliseconds:F0} ms)");
}

using Ember.Cluster.Benchmarks.Stream;
using Ember.Partitioning;

namespace Ember.Cluster.Benchmarks;

/// <summary>
/// Shuffle throughput: a job whose map tasks make N MiB of incompressible 16 KiB byte-array records (keyed by a long)
/// and shuffle them into 2 reduce partitions by hash, so on <c>local-cluster[2,1]</c> each reducer fetches about half
/// of the bytes from the other executor; the same job with no shuffle (generation and digest only) isolates the
/// shuffle's share. Against the same bytes streamed in 1 MiB chunks over gRPC on 127.0.0.1: the block service's own
/// BlockServer/BlockClient, and a bare generated-client stream.
/// </summary>
internal static class ShuffleThroughput
{
    public const string Title = "Shuffle throughput";
    public const string Shuffled = "shuffle job";
    public const string Unshuffled = "same job without the shuffle";
    public const string InMemory = "shuffle job of 1/8 the bytes";
    public const string ClientOneByOne = "BlockClient, 4 MiB blocks one at a time";
    public const string ClientAllAtOnce = "BlockClient, all 4 MiB blocks at once";
    public const string BareStream = "bare gRPC stream, 1 MiB chunks";
    public const int RecordBytes = 16 << 10;
    private const int Maps = 4;
    private const int BlockSize = 4 << 20;
    // LocalBlockStore.DefaultMemoryBudgetBytes, which executors use (internal to Ember.Cluster).
    private const int StoreMemoryMebibytes = 64;

    public static SectionResult Run(int mebibytes, int repetitions)
    {
        var recordsPerMap = mebibytes * (1 << 20) / RecordBytes / Maps;
        Contender Job(string master) => new(master, master,
            context => Digest(context!, recordsPerMap / 16, shuffle: true),
            context =>
            [
                Sample.Of(Shuffled, mebibytes, () => Digest(context!, recordsPerMap, shuffle: true)),
                Sample.Of(Unshuffled, mebibytes, () => Digest(context!, recordsPerMap, shuffle: false)),
                Sample.Of(InMemory, mebibytes / 8.0, () => Digest(context!, recordsPerMap / 8, shuffle: true)),
            ]);
        var blocks = mebibytes * (1 << 20) / BlockSize;
        var baselines = new Contender("gRPC on 127.0.0.1, in this process", null, _ => { }, _ => Baselines(mebibytes, blocks).GetAwaiter().GetResult());
        return SectionRunner.Run(Title, [Job("local[2]"), Job("local-cluster[2,1]"), baselines], repetitions);
    }

    public static string Describe(int mebibytes) =>
        $"{mebibytes} MiB of {RecordBytes >> 10} KiB `byte[]` records (xorshift bytes, so LZ4 stores blocks raw) made by {Maps} map tasks: " +
        "`Parallelize(maps).FlatMap(make records keyed by a long).PartitionBy(new HashPartitioner(2)).Map(digest).Fold(0, +)`; " +
        "the job without the shuffle drops `PartitionBy`. Both jobs check the same digest of every byte. " +
        $"An executor's block store keeps {StoreMemoryMebibytes} MiB in memory and spills the rest to its local disk: each executor holds about half the bytes, so " +
        (mebibytes / 2 > StoreMemoryMebibytes ? "the full job spills and the job of 1/8 the bytes does not. " : "neither job spills. ") +
        $"Baselines: the same MiB as {BlockSize >> 20} MiB blocks in a LocalBlockStore served by a BlockServer and fetched by a BlockClient " +
        "(the executors' path), and a bare generated-client gRPC stream of 1 MiB chunks from a second Kestrel endpoint; " +
        "client and server of the baselines share this process";

    private static long Digest(EmberContext context, int recordsPerMap, bool shuffle)
    {
        var records = context.Parallelize(Enumerable.Range(0, Maps), Maps).FlatMap(map => Make(map, recordsPerMap));
        var placed = shuffle ? records.PartitionBy(new HashPartitioner(2)) : records;
        return placed.Map(static record => Payload.Digest(record.Value)).Fold(0L, static (a, b) => a + b);
    }

    private static IEnumerable<(long Key, byte[] Value)> Make(int map, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var key = (long)map * count + i;
            var bytes = new byte[RecordBytes];
            Payload.Fill(key, bytes);
            yield return (key, bytes);
        }
    }

    private static async Task<IReadOnlyList<Sample>> Baselines(int mebibytes, int blocks)
    {
        await using var service = await BlockServicePath.StartAsync(blocks, BlockSize);
        await using var bare = await BareChunkStream.StartAsync();
        await service.FetchFirstAsync();
        await bare.ReadAsync(4);
        return
        [
            Sample.Of(ClientOneByOne, mebibytes, () => service.FetchAllAsync(concurrently: false).GetAwaiter().GetResult()),
            Sample.Of(ClientAllAtOnce, mebibytes, () => service.FetchAllAsync(concurrently: true).GetAwaiter().GetResult()),
            Sample.Of(BareStream, mebibytes, () => bare.ReadAsync(mebibytes).GetAwaiter().GetResult()),
        ];
    }
}

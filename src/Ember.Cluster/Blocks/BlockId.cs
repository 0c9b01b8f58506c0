using System.Globalization;

namespace Ember.Cluster.Blocks;

/// <summary>What a block holds, which decides which of <see cref="BlockId"/>'s numbers are meaningful.</summary>
internal enum BlockKind
{
    /// <summary>One map task's records for one reduce partition: (shuffle, map, reduce).</summary>
    Shuffle = 1,

    /// <summary>A task's serialized result, too big for a control message: (task id).</summary>
    TaskResult = 2,

    /// <summary>A stage's serialized lineage, fetched once per executor: (stage id).</summary>
    StageBinary = 3,

    /// <summary>A block of records an input (a receiver) stored on an executor, by its cluster-wide unique id: (block).</summary>
    Input = 4,
}

/// <summary>
/// Names a block in a <see cref="LocalBlockStore"/> and on the wire. Its string form (Spark's block names:
/// <c>shuffle_S_M_R</c>, <c>taskresult_T</c>, <c>stage_S</c>, <c>input_B</c>) is stable: it is what the block service's requests carry.
/// </summary>
internal readonly record struct BlockId
{
    private BlockId(BlockKind kind, long first, int second, int third)
    {
        Kind = kind;
        First = first;
        Second = second;
        Third = third;
    }

    public BlockKind Kind { get; }

    // Shuffle: (shuffle, map, reduce); task result: (task, 0, 0); stage binary: (stage, 0, 0).
    private long First { get; }
    private int Second { get; }
    private int Third { get; }

    /// <summary>The shuffle of a <see cref="BlockKind.Shuffle"/> block.</summary>
    public int ShuffleId => Kind == BlockKind.Shuffle ? (int)First : throw NotA(BlockKind.Shuffle);

    /// <summary>The map task of a <see cref="BlockKind.Shuffle"/> block.</summary>
    public int MapId => Kind == BlockKind.Shuffle ? Second : throw NotA(BlockKind.Shuffle);

    /// <summary>The reduce partition of a <see cref="BlockKind.Shuffle"/> block.</summary>
    public int ReduceId => Kind == BlockKind.Shuffle ? Third : throw NotA(BlockKind.Shuffle);

    /// <summary>The task of a <see cref="BlockKind.TaskResult"/> block.</summary>
    public long TaskId => Kind == BlockKind.TaskResult ? First : throw NotA(BlockKind.TaskResult);

    /// <summary>The stage of a <see cref="BlockKind.StageBinary"/> block.</summary>
    public int StageId => Kind == BlockKind.StageBinary ? (int)First : throw NotA(BlockKind.StageBinary);

    /// <summary>The input block of a <see cref="BlockKind.Input"/> block.</summary>
    public long InputBlock => Kind == BlockKind.Input ? First : throw NotA(BlockKind.Input);

    public static BlockId Shuffle(int shuffleId, int mapId, int reduceId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shuffleId);
        ArgumentOutOfRangeException.ThrowIfNegative(mapId);
        ArgumentOutOfRangeException.ThrowIfNegative(reduceId);
        return new(BlockKind.Shuffle, shuffleId, mapId, reduceId);
    }

    public static BlockId TaskResult(long taskId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(taskId);
        return new(BlockKind.TaskResult, taskId, 0, 0);
    }

    public static BlockId StageBinary(int stageId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stageId);
        return new(BlockKind.StageBinary, stageId, 0, 0);
    }

    public static BlockId Input(long block)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(block);
        return new(BlockKind.Input, block, 0, 0);
    }

    /// <summary>The stable name, e.g. <c>shuffle_3_1_0</c>.</summary>
    public override string ToString() => Kind switch
    {
        BlockKind.Shuffle => string.Create(CultureInfo.InvariantCulture, $"shuffle_{First}_{Second}_{Third}"),
        BlockKind.TaskResult => string.Create(CultureInfo.InvariantCulture, $"taskresult_{First}"),
        BlockKind.StageBinary => string.Create(CultureInfo.InvariantCulture, $"stage_{First}"),
        BlockKind.Input => string.Create(CultureInfo.InvariantCulture, $"input_{First}"),
        _ => "(no block)",
    };

    /// <summary>Reads a name written by <see cref="ToString"/>; false for anything else (names come from the network).</summary>
    public static bool TryParse(string? name, out BlockId id)
    {
        id = default;
        if (name is null)
        {
            return false;
        }
        var parts = name.Split('_');
        var numbers = new long[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i - 1]))
            {
                return false;
            }
        }
        switch (parts[0], numbers.Length)
        {
            case ("shuffle", 3) when numbers.All(n => n <= int.MaxValue):
                id = Shuffle((int)numbers[0], (int)numbers[1], (int)numbers[2]);
                return true;
            case ("taskresult", 1):
                id = TaskResult(numbers[0]);
                return true;
            case ("stage", 1) when numbers[0] <= int.MaxValue:
                id = StageBinary((int)numbers[0]);
                return true;
            case ("input", 1):
                id = Input(numbers[0]);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads a name written by <see cref="ToString"/>, or throws <see cref="FormatException"/> naming it.</summary>
    public static BlockId Parse(string name) =>
        TryParse(name, out var id) ? id : throw new FormatException($"'{name}' is not a block id (shuffle_S_M_R, taskresult_T, stage_S or input_B).");

    private InvalidOperationException NotA(BlockKind kind) => new($"Block {this} is not a {kind} block.");
}

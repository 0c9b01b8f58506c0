using Ember.Cluster.Blocks;

namespace Ember.Cluster.Tests.Blocks;

public sealed class BlockIdTests
{
    public static TheoryData<string> Names => ["shuffle_3_1_0", "taskresult_9000000000", "stage_12"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Parse_StableName_RoundTrips(string name) => Assert.Equal(name, BlockId.Parse(name).ToString());

    [Fact]
    public void Shuffle_Numbers_AreReadBack()
    {
        var id = BlockId.Parse("shuffle_3_1_0");

        Assert.Equal((BlockKind.Shuffle, 3, 1, 0), (id.Kind, id.ShuffleId, id.MapId, id.ReduceId));
        Assert.Equal(BlockId.Shuffle(3, 1, 0), id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("shuffle_1_2")]
    [InlineData("shuffle_1_2_-3")]
    [InlineData("stage_x")]
    [InlineData("rdd_1_2")]
    [InlineData("shuffle_1_2_99999999999")]
    public void TryParse_AnythingElse_IsRefused(string name) => Assert.False(BlockId.TryParse(name, out _));

    [Fact]
    public void Input_Number_IsReadBack()
    {
        var id = BlockId.Parse("input_9007199254740993");

        Assert.Equal((BlockKind.Input, 9007199254740993L), (id.Kind, id.InputBlock));
        Assert.Equal("input_9007199254740993", BlockId.Input(9007199254740993L).ToString());
    }

    [Fact]
    public void ShuffleId_OfATaskResult_Throws() =>
        Assert.Throws<InvalidOperationException>(() => BlockId.TaskResult(1).ShuffleId);
}

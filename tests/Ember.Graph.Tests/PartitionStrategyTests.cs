namespace Ember.Graph.Tests;

public sealed class PartitionStrategyTests
{
    private static readonly (long Src, long Dst)[] Samples =
        [(1, 2), (2, 1), (0, 0), (3, 7), (7, 3), (42, 1000), (123456789012, 5), (-5, 17), (1L << 40, -(1L << 35))];

    // Expected placements computed outside .NET (a Python port of GraphX's PartitionStrategy.scala, with Java's 64-bit
    // wrap-around, Java's abs and %, and Scala 2.12's Tuple2 hashCode), for a perfect square (9) and two other counts.
    [Theory]
    [InlineData("EdgePartition2D", 9, new[] { 5, 7, 0, 1, 3, 1, 5, 8, 0 })]
    [InlineData("EdgePartition2D", 10, new[] { 8, 4, 0, 1, 9, 4, 2, 5, 0 })]
    [InlineData("EdgePartition2D", 7, new[] { 5, 4, 0, 1, 0, 1, 5, 5, 3 })]
    [InlineData("EdgePartition1D", 9, new[] { 4, 8, 0, 3, 1, 6, 1, 2, 0 })]
    [InlineData("EdgePartition1D", 10, new[] { 7, 4, 0, 1, 9, 4, 0, 5, 2 })]
    [InlineData("EdgePartition1D", 7, new[] { 5, 3, 0, 1, 0, 0, 3, 4, 5 })]
    [InlineData("RandomVertexCut", 9, new[] { 3, 6, 0, 1, 0, 4, 0, 5, 3 })]
    [InlineData("RandomVertexCut", 10, new[] { 6, 6, 7, 4, 9, 3, 9, 0, 2 })]
    [InlineData("RandomVertexCut", 7, new[] { 3, 4, 2, 2, 2, 6, 4, 3, 4 })]
    [InlineData("CanonicalRandomVertexCut", 9, new[] { 3, 3, 0, 1, 1, 4, 2, 5, 3 })]
    [InlineData("CanonicalRandomVertexCut", 10, new[] { 6, 6, 7, 4, 4, 3, 2, 0, 6 })]
    [InlineData("CanonicalRandomVertexCut", 7, new[] { 3, 3, 2, 2, 2, 6, 0, 3, 3 })]
    public void GetPartition_SampleIds_EqualsGraphXFormula(string name, int numParts, int[] expected)
    {
        var strategy = PartitionStrategy.FromString(name);

        Assert.Equal(expected, Samples.Select(s => strategy.GetPartition(s.Src, s.Dst, numParts)));
    }

    [Fact]
    public void ScalaTuple2Hash_SampleIds_EqualsScala212()
    {
        Assert.Equal(new[] { 1411956066, 1290053076, -1107367767, -843069754, -332736399, -870106243, 1360155339, 1536662480, -1469776872 },
            Samples.Select(s => PartitionStrategy.ScalaTuple2Hash(s.Src, s.Dst)));
    }

    [Fact]
    public void EdgePartition2D_ReplicatesAVertexToAtMostTwiceTheSquareRoot()
    {
        var partitions = Enumerable.Range(0, 500).SelectMany(other => new[]
        {
            PartitionStrategy.EdgePartition2D.GetPartition(77, other, 16),
            PartitionStrategy.EdgePartition2D.GetPartition(other, 77, 16),
        }).Distinct().Count();

        Assert.True(partitions <= 2 * 4, $"vertex 77 is in {partitions} partitions");
    }

    [Fact]
    public void CanonicalRandomVertexCut_BothDirections_SamePartition()
    {
        Assert.All(Samples, s => Assert.Equal(
            PartitionStrategy.CanonicalRandomVertexCut.GetPartition(s.Src, s.Dst, 11), PartitionStrategy.CanonicalRandomVertexCut.GetPartition(s.Dst, s.Src, 11)));
    }

    [Fact]
    public void FromString_UnknownName_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => PartitionStrategy.FromString("EdgePartition3D"));

        Assert.Contains("EdgePartition3D", error.Message);
    }
}

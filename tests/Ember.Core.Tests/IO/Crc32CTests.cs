using System.Text;
using Ember.IO;

namespace Ember.Tests.IO;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_StandardCheckInput_GivesCastagnoliCheckValue()
    {
        // The check value of CRC-32C in every CRC catalogue: logs written before the hardware path must still verify.
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public void Append_PiecesOfAnyLength_EqualsComputeOfTheWhole()
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"record {i};")));
        foreach (var cut in new[] { 0, 1, 7, 8, 9, 100, data.Length })
        {
            Assert.Equal(Crc32C.Compute(data), Crc32C.Append(Crc32C.Compute(data.AsSpan(0, cut)), data.AsSpan(cut)));
        }
    }
}

using Ember.Approximate;

namespace Ember.Tests.Approximate;

/// <summary>HLL++'s bias tables, simulated at run time: the same bits in every process, on every machine and runtime.</summary>
public sealed class HyperLogLogBiasTests
{
    // Taken from one run. The tables come from a fixed-seed integer generator and IEEE arithmetic in a fixed order, so
    // any other process must derive these exact bits: a change here means counts differ between driver and executors
    // or between releases.
    [Theory]
    [InlineData(4, 0x3FF437BBB7BA7AA5L)]
    [InlineData(9, 0x40501F49E652121CL)]
    [InlineData(14, 0x40A0606547DB6183L)]
    public void Of_TwiceTheRegisters_PinnedBits(int precision, long bits)
    {
        Assert.Equal(bits, BitConverter.DoubleToInt64Bits(HyperLogLogBias.Of(precision, 2.0 * (1 << precision))));
    }

    [Fact]
    public void Of_ManyThreadsAtOnce_OneTable()
    {
        var biases = new double[8];

        Parallel.For(0, biases.Length, i => biases[i] = HyperLogLogBias.Of(10, 1500));

        Assert.All(biases, bias => Assert.Equal(biases[0], bias));
    }

    [Fact]
    public void Of_AboveTheTables_NoCorrection()
    {
        Assert.Equal(0, HyperLogLogBias.Of(19, 1000));
    }
}

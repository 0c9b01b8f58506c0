using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>KeyBy: each record with its key, in order, with no shuffle.</summary>
public class KeyByTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void KeyBy_StringsWithNulls_EqualsLinqSelect(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        var keyed = context.Parallelize(items, partitions).KeyBy(item => item?.Length);

        Assert.Equal(items.Select(item => (item?.Length, item)), keyed.Collect());
        Assert.Equal(partitions, keyed.Partitions.Count);
        Assert.Empty(PairOperators.PairInputs.ShufflesSince(keyed));
    }

    [Property(MaxTest = 40)]
    public void KeyBy_AnyInts_EqualsLinqSelect(int[] items, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));

        Assert.Equal(items.Select(item => (item % 3, item)), context.Parallelize(items, RandomInputs.Partitions(partitions)).KeyBy(item => item % 3).Collect());
    }
}

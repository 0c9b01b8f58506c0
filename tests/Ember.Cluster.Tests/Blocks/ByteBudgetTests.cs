using Ember.Cluster.Blocks;

namespace Ember.Cluster.Tests.Blocks;

public sealed class ByteBudgetTests
{
    [Fact]
    public async Task AcquireAsync_PastTheLimit_WaitsAndIsGrantedInArrivalOrder()
    {
        var budget = new ByteBudget(10);
        await budget.AcquireAsync(8);
        var big = budget.AcquireAsync(6);
        var small = budget.AcquireAsync(1); // would fit now, but must not overtake the earlier request

        Assert.False(big.IsCompleted);
        Assert.False(small.IsCompleted);
        budget.Release(8);
        await big;
        await small;
        Assert.Equal(7, budget.InUse);
        Assert.Equal(8, budget.Peak);
    }

    [Fact]
    public async Task AcquireAsync_MoreThanTheLimit_IsGrantedAloneWhenNothingElseIsInUse()
    {
        var budget = new ByteBudget(10);
        await budget.AcquireAsync(1);
        var huge = budget.AcquireAsync(25);

        Assert.False(huge.IsCompleted);
        budget.Release(1);
        await huge;
        Assert.Equal(25, budget.InUse);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_LeavesTheQueueAndLetsTheNextOneIn()
    {
        var budget = new ByteBudget(10);
        await budget.AcquireAsync(5);
        using var cancel = new CancellationTokenSource();
        var cancelled = budget.AcquireAsync(10, cancel.Token);
        var next = budget.AcquireAsync(5);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await next;
        Assert.Equal(10, budget.InUse);
    }

    [Fact]
    public void Release_MoreThanGranted_Throws()
    {
        var budget = new ByteBudget(10);

        Assert.Throws<InvalidOperationException>(() => budget.Release(1));
    }
}

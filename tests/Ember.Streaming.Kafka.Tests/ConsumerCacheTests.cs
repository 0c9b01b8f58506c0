namespace Ember.Streaming.Kafka.Tests;

/// <summary>
/// The per-process consumer cache: one idle consumer lent per key, throw-away ones when busy or retried, broken ones
/// closed, idle ones evicted least recently used first, everything closed with the process's engine.
/// </summary>
public sealed class ConsumerCacheTests
{
    private static readonly ConsumerKey KeyA = new("group", "topic", 0, "settings");
    private static readonly ConsumerKey KeyB = new("group", "topic", 1, "settings");

    [Fact]
    public void Acquire_IdleEntry_LendsTheSameConsumerAgain()
    {
        using var cache = new ConsumerCache();
        var first = cache.Acquire(KeyA, 0, () => new FakeConsumer());
        first.Release();

        var second = cache.Acquire(KeyA, 0, () => new FakeConsumer());

        Assert.True(second.IsCached);
        Assert.Same(first.Consumer, second.Consumer);
        Assert.False(second.Consumer.Disposed);
    }

    [Fact]
    public void Acquire_OtherGroupOrSettings_GetsAnotherConsumer()
    {
        using var cache = new ConsumerCache();
        var first = cache.Acquire(KeyA, 0, () => new FakeConsumer());
        first.Release();

        var otherGroup = cache.Acquire(KeyA with { GroupId = "other" }, 0, () => new FakeConsumer());
        var otherSettings = cache.Acquire(KeyA with { Settings = "read_committed" }, 0, () => new FakeConsumer());

        Assert.NotSame(first.Consumer, otherGroup.Consumer);
        Assert.NotSame(first.Consumer, otherSettings.Consumer);
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void Acquire_BusyEntry_GivesAThrowAwayConsumerClosedOnRelease()
    {
        using var cache = new ConsumerCache();
        var busy = cache.Acquire(KeyA, 0, () => new FakeConsumer());

        var throwAway = cache.Acquire(KeyA, 0, () => new FakeConsumer());
        throwAway.Release();
        busy.Release();

        Assert.False(throwAway.IsCached);
        Assert.NotSame(busy.Consumer, throwAway.Consumer);
        Assert.True(throwAway.Consumer.Disposed);
        Assert.False(busy.Consumer.Disposed);
        Assert.Same(busy.Consumer, cache.Acquire(KeyA, 0, () => new FakeConsumer()).Consumer);
    }

    [Fact]
    public void Acquire_RetriedAttempt_ClosesTheIdleCachedConsumerAndUsesAFreshOne()
    {
        using var cache = new ConsumerCache();
        var failed = cache.Acquire(KeyA, 0, () => new FakeConsumer());
        failed.Release();

        var retry = cache.Acquire(KeyA, attemptNumber: 1, () => new FakeConsumer());

        Assert.True(failed.Consumer.Disposed);
        Assert.False(retry.IsCached);
        Assert.NotSame(failed.Consumer, retry.Consumer);
        Assert.Equal(0, cache.Count);
        retry.Release();
        Assert.True(retry.Consumer.Disposed);
    }

    [Fact]
    public void Acquire_RetriedAttemptWhileCachedOneIsBusy_ClosesItWhenReleased()
    {
        using var cache = new ConsumerCache();
        var stuck = cache.Acquire(KeyA, 0, () => new FakeConsumer());

        var retry = cache.Acquire(KeyA, attemptNumber: 2, () => new FakeConsumer());
        Assert.False(stuck.Consumer.Disposed);
        stuck.Release();

        Assert.True(stuck.Consumer.Disposed);
        Assert.Equal(0, cache.Count);
        Assert.NotSame(stuck.Consumer, retry.Consumer);
    }

    [Fact]
    public void Release_Broken_ClosesTheConsumerAndForgetsIt()
    {
        using var cache = new ConsumerCache();
        var lease = cache.Acquire(KeyA, 0, () => new FakeConsumer());

        lease.Release(broken: true);
        var next = cache.Acquire(KeyA, 0, () => new FakeConsumer());

        Assert.True(lease.Consumer.Disposed);
        Assert.True(next.IsCached);
        Assert.NotSame(lease.Consumer, next.Consumer);
    }

    [Fact]
    public void Release_Twice_ReturnsOnce()
    {
        using var cache = new ConsumerCache();
        var lease = cache.Acquire(KeyA, 0, () => new FakeConsumer());
        lease.Release();
        var again = cache.Acquire(KeyA, 0, () => new FakeConsumer());

        lease.Release();

        // The second release of the old lease must not free the entry the new lease holds.
        Assert.False(cache.Acquire(KeyA, 0, () => new FakeConsumer()).IsCached);
        Assert.Same(lease.Consumer, again.Consumer);
    }

    [Fact]
    public void Acquire_PastCapacity_EvictsTheLeastRecentlyUsedIdleConsumer()
    {
        using var cache = new ConsumerCache(maxCapacity: 2);
        var a = cache.Acquire(KeyA, 0, () => new FakeConsumer());
        var b = cache.Acquire(KeyB, 0, () => new FakeConsumer());
        a.Release();
        b.Release();
        // A is used again, so B is now the least recently used.
        cache.Acquire(KeyA, 0, () => new FakeConsumer()).Release();

        var c = cache.Acquire(KeyA with { Partition = 2 }, 0, () => new FakeConsumer());

        Assert.True(b.Consumer.Disposed);
        Assert.False(a.Consumer.Disposed);
        Assert.Equal(2, cache.Count);
        Assert.True(c.IsCached);
    }

    [Fact]
    public void Acquire_PastCapacityWithEveryConsumerBusy_EvictsNoneUntilOneIsIdle()
    {
        using var cache = new ConsumerCache(maxCapacity: 1);
        var a = cache.Acquire(KeyA, 0, () => new FakeConsumer());
        var b = cache.Acquire(KeyB, 0, () => new FakeConsumer());

        Assert.Equal(2, cache.Count);
        Assert.False(a.Consumer.Disposed);
        a.Release();

        Assert.True(a.Consumer.Disposed);
        Assert.False(b.Consumer.Disposed);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Dispose_ClosesIdleConsumersAtOnceAndBusyOnesWhenReleased()
    {
        var cache = new ConsumerCache();
        var idle = cache.Acquire(KeyA, 0, () => new FakeConsumer());
        idle.Release();
        var busy = cache.Acquire(KeyB, 0, () => new FakeConsumer());

        cache.Dispose();

        Assert.True(idle.Consumer.Disposed);
        Assert.False(busy.Consumer.Disposed);
        busy.Release();
        Assert.True(busy.Consumer.Disposed);
        var afterwards = cache.Acquire(KeyA, 0, () => new FakeConsumer());
        Assert.False(afterwards.IsCached);
        afterwards.Release();
        Assert.True(afterwards.Consumer.Disposed);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Acquire_FactoryThrows_LeavesNoEntryBehind()
    {
        using var cache = new ConsumerCache();

        Assert.Throws<InvalidOperationException>(() => cache.Acquire<FakeConsumer>(KeyA, 0, () => throw new InvalidOperationException("no broker")));
        var lease = cache.Acquire(KeyA, 0, () => new FakeConsumer());

        Assert.True(lease.IsCached);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task Acquire_ManyThreadsOneKey_NeverLendsOneConsumerTwiceAtOnce()
    {
        using var cache = new ConsumerCache();
        var holders = new System.Collections.Concurrent.ConcurrentDictionary<FakeConsumer, int>();
        var overlaps = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                var lease = cache.Acquire(KeyA, 0, () => new FakeConsumer());
                if (holders.AddOrUpdate(lease.Consumer, 1, (_, held) => held + 1) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }
                Assert.False(lease.Consumer.Disposed);
                holders.AddOrUpdate(lease.Consumer, 0, (_, held) => held - 1);
                lease.Release();
            }
        })));

        Assert.Equal(0, overlaps);
        Assert.Equal(1, cache.Count);
    }

    private sealed class FakeConsumer : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}

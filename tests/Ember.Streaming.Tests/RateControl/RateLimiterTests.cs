using Ember.Streaming.Receivers;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Tests.RateControl;

/// <summary>The receiver's limiter with a rate that changes while callers wait, on a fake clock.</summary>
public class RateLimiterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider clock = new();

    [Fact]
    public async Task Acquire_WithoutPace_FirstRecordAtOnce_ThenOnePerTurn()
    {
        var limiter = new RateLimiter(clock, 10);

        await AcquireAsync(limiter).WaitAsync(Patience); // no wait: unchanged behaviour without backpressure
        var second = AcquireAsync(limiter);
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMilliseconds(99));
        await limiter.WhenCaughtUp().WaitAsync(Patience); // still waiting
        clock.Advance(TimeSpan.FromMilliseconds(1));

        await second.WaitAsync(Patience);
    }

    [Fact]
    public async Task Pace_FirstRecordWaitsOneTurn()
    {
        var limiter = new RateLimiter(clock, 4);
        limiter.Pace();

        var first = AcquireAsync(limiter);
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMilliseconds(249));
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        Assert.False(first.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        await first.WaitAsync(Patience);
    }

    [Fact]
    public async Task SetRate_Slower_TheWaitedTurnKeepsItsElapsedFraction_AtTheNewRate()
    {
        var limiter = new RateLimiter(clock, 10);
        await AcquireAsync(limiter).WaitAsync(Patience);
        var second = AcquireAsync(limiter); // due at 100 ms
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMilliseconds(40));

        limiter.SetRate(5); // 60 % of the turn left: 60 ms at 10/s is 120 ms at 5/s, so due at 160 ms
        clock.Advance(TimeSpan.FromMilliseconds(119));
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(Patience);

        // The following turns are 200 ms apart.
        var third = AcquireAsync(limiter);
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMilliseconds(199));
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await third.WaitAsync(Patience);
        Assert.Equal(5, limiter.Rate);
    }

    [Fact]
    public async Task SetRate_Faster_FreesTheWaiterEarly()
    {
        var limiter = new RateLimiter(clock, 1);
        await AcquireAsync(limiter).WaitAsync(Patience);
        var second = AcquireAsync(limiter); // due at 1 s
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMilliseconds(500));

        limiter.SetRate(10); // half a turn left: 50 ms at 10/s
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMilliseconds(50));

        await second.WaitAsync(Patience);
    }

    [Fact]
    public async Task SetRate_BlockOfRecords_RepricesTheTurnsItTook()
    {
        var limiter = new RateLimiter(clock, 1);
        limiter.Acquire(100, CancellationToken.None); // at once, but the next caller owes 100 turns: 100 s
        var next = AcquireAsync(limiter);
        await limiter.WhenCaughtUp().WaitAsync(Patience);

        limiter.SetRate(1000); // 100 turns at 1000/s: 100 ms
        clock.Advance(TimeSpan.FromMilliseconds(99));
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        await next.WaitAsync(Patience);
    }

    [Fact]
    public async Task SetRate_NullLiftsTheLimit_AndALimitStartsAfresh()
    {
        var limiter = new RateLimiter(clock, null);
        for (var i = 0; i < 1000; i++)
        {
            limiter.Acquire(1, CancellationToken.None); // unlimited: never waits
        }

        limiter.SetRate(1);
        await AcquireAsync(limiter).WaitAsync(Patience);
        var waiting = AcquireAsync(limiter);
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        limiter.SetRate(null);

        await waiting.WaitAsync(Patience);
        Assert.Null(limiter.Rate);
    }

    [Fact]
    public async Task Acquire_AfterAnIdleSpell_SavesNoTurnsForABurst()
    {
        var limiter = new RateLimiter(clock, 10);
        await AcquireAsync(limiter).WaitAsync(Patience);
        clock.Advance(TimeSpan.FromSeconds(5));

        await AcquireAsync(limiter).WaitAsync(Patience); // at once
        var third = AcquireAsync(limiter);                // one turn later, not at once
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await third.WaitAsync(Patience);
    }

    [Fact]
    public async Task Acquire_ClockPassesSeveralTurnsWhileWaiting_TheyAreUsedNotSkipped()
    {
        // A timer that wakes late (or a fake clock that jumps) is not idle time: the turns it passed are still owed.
        var limiter = new RateLimiter(clock, 10);
        await AcquireAsync(limiter).WaitAsync(Patience);
        var second = AcquireAsync(limiter); // due at 100 ms
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMilliseconds(350));
        await second.WaitAsync(Patience);

        await AcquireAsync(limiter).WaitAsync(Patience); // turn at 200 ms: at once
        await AcquireAsync(limiter).WaitAsync(Patience); // turn at 300 ms: at once
        var fifth = AcquireAsync(limiter);               // turn at 400 ms
        await limiter.WhenCaughtUp().WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        await fifth.WaitAsync(Patience);
    }

    [Fact]
    public async Task Acquire_CancelledWhileWaiting_ReturnsAtOnce()
    {
        var limiter = new RateLimiter(clock, 1);
        await AcquireAsync(limiter).WaitAsync(Patience);
        using var stopping = new CancellationTokenSource();
        var waiting = AcquireAsync(limiter, stopping.Token);
        await limiter.WhenCaughtUp().WaitAsync(Patience);

        await stopping.CancelAsync();

        await waiting.WaitAsync(Patience);
    }

    [Fact]
    public void Constructor_And_SetRate_RejectRatesNotPositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateLimiter(clock, 0));
        var limiter = new RateLimiter(clock, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.SetRate(-1));
    }

    /// <summary>Acquires one turn on a thread of its own: the limiter blocks its caller.</summary>
    private static Task AcquireAsync(RateLimiter limiter, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(() => limiter.Acquire(1, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}

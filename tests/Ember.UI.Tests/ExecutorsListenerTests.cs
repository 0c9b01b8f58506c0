using Ember.Listener;
using Ember.UI.Progress;
using Ember.UI.Tests.Support;

namespace Ember.UI.Tests;

public class ExecutorsListenerTests
{
    [Fact]
    public void Snapshot_TwoExecutorsOneLost_TotalsPerExecutorAndTheLostOnesReason()
    {
        var listener = new ExecutorsListener();

        Executors.RunTwoThenLoseOne(listener);

        var executors = listener.Snapshot();
        Assert.Equal(["0", "1"], executors.Select(executor => executor.Id));
        var (active, lost) = (executors[0], executors[1]);
        Assert.True(active.IsActive);
        Assert.Equal("127.0.0.1:40100", active.HostPort);
        Assert.Equal((1, 1, 3, 4), (active.ActiveTasks, active.FailedTasks, active.CompletedTasks, active.TotalTasks));
        Assert.Equal((1_500L, 3_000L), (active.TotalShuffleRead, active.TotalShuffleWrite));
        Assert.Equal(TimeSpan.FromMilliseconds(400), active.TotalDuration);
        Assert.False(lost.IsActive);
        Assert.Equal((Executors.Lost, Executors.LostReason), (lost.RemoveTime, lost.RemoveReason));
        Assert.Equal((0, 1, 1, 2), (lost.ActiveTasks, lost.FailedTasks, lost.CompletedTasks, lost.TotalTasks));
        Assert.Equal(2_048, lost.TotalShuffleWrite);
    }

    [Fact]
    public void OnTaskEnd_KilledTask_EndsItsActivityButCountsAsNeitherFailedNorCompleted()
    {
        var listener = new ExecutorsListener();
        listener.OnExecutorAdded(new ExecutorInfo(ExecutorInfo.DriverId, "localhost", 0, 4, Executors.Added));

        Executors.Run(listener, ExecutorInfo.DriverId, 0, TaskEndStatus.Killed, read: 0, written: 0);

        var driver = Assert.Single(listener.Snapshot());
        Assert.Equal((0, 0, 0, 1), (driver.ActiveTasks, driver.FailedTasks, driver.CompletedTasks, driver.TotalTasks));
        Assert.Equal("localhost", driver.HostPort);
    }

    [Fact]
    public void OnExecutorRemoved_MoreDeadThanRetained_ForgetsTheOldestDeadAndKeepsTheActive()
    {
        var listener = new ExecutorsListener(retainedDeadExecutors: 2);
        for (var id = 0; id < 5; id++)
        {
            listener.OnExecutorAdded(new ExecutorInfo($"{id}", "127.0.0.1", 40000 + id, 1, Executors.Added.AddSeconds(id)));
        }

        foreach (var id in new[] { "0", "1", "2" })
        {
            listener.OnExecutorRemoved(new ExecutorRemovedInfo(id, Executors.Lost, "Exited: stopped"));
        }

        Assert.Equal(["1", "2", "3", "4"], listener.Snapshot().Select(executor => executor.Id));
    }

    [Fact]
    public void OnExecutorAdded_IdSeenAgain_IsANewActiveExecutorWithFreshTotals()
    {
        var listener = new ExecutorsListener();
        Executors.RunTwoThenLoseOne(listener);

        listener.OnExecutorAdded(new ExecutorInfo("1", "127.0.0.1", 40300, 1, Executors.Lost.AddSeconds(5)));

        var back = listener.Snapshot().Single(executor => executor.Id == "1");
        Assert.True(back.IsActive);
        Assert.Equal(("127.0.0.1:40300", 0), (back.HostPort, back.TotalTasks));
    }
}

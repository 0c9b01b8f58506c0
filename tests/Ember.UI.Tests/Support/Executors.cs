using Ember.Listener;
using Ember.UI.Progress;

namespace Ember.UI.Tests.Support;

/// <summary>Executor and task events fed by hand: a cluster of two executors of which the second is lost.</summary>
internal static class Executors
{
    public static readonly DateTimeOffset Added = Batches.Epoch;
    public static readonly DateTimeOffset Lost = Batches.Epoch.AddSeconds(30);
    public const string LostReason = "Unreachable: no heartbeat from akka.tcp://ember@127.0.0.1:40001 for 3 s";

    /// <summary>
    /// Executor 0 (2 cores) completes 3 tasks (100 ms each, 1,000 bytes written and 500 read each), fails 1 and still runs
    /// 1; executor 1 (1 core) completes 1 task writing 2,048 bytes, then is lost with its running task.
    /// </summary>
    public static void RunTwoThenLoseOne(ExecutorsListener listener)
    {
        listener.OnExecutorAdded(new ExecutorInfo("0", "127.0.0.1", 40100, 2, Added));
        listener.OnExecutorAdded(new ExecutorInfo("1", "127.0.0.1", 40200, 1, Added.AddSeconds(1)));
        for (var partition = 0; partition < 3; partition++)
        {
            Run(listener, "0", partition, TaskEndStatus.Succeeded, read: 500, written: 1_000);
        }
        Run(listener, "0", 3, TaskEndStatus.Failed, read: 0, written: 0);
        listener.OnTaskStart(new TaskStartInfo(0, 1, 4, 0, "0", Added));
        Run(listener, "1", 5, TaskEndStatus.Succeeded, read: 0, written: 2_048);
        listener.OnTaskStart(new TaskStartInfo(0, 1, 6, 0, "1", Added));
        listener.OnTaskEnd(new TaskEndInfo(0, 1, 6, 0, "1", TaskEndStatus.Failed, TimeSpan.FromMilliseconds(100), 0, 0, "executor lost"));
        listener.OnExecutorRemoved(new ExecutorRemovedInfo("1", Lost, LostReason));
    }

    public static void Run(ExecutorsListener listener, string executorId, int partition, TaskEndStatus status, long read, long written)
    {
        listener.OnTaskStart(new TaskStartInfo(0, 1, partition, 0, executorId, Added));
        listener.OnTaskEnd(new TaskEndInfo(0, 1, partition, 0, executorId, status, TimeSpan.FromMilliseconds(100), read, written,
            status == TaskEndStatus.Succeeded ? null : "boom"));
    }
}

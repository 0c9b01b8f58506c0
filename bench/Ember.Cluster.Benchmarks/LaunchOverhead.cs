namespace Ember.Cluster.Benchmarks;

/// <summary>
/// Task launch overhead: a job of many partitions whose function returns at once (tasks per second: scheduling,
/// task launch and status round trips, nothing else), and the fixed cost of a 2-task job, on <c>local[2]</c> and
/// <c>local-cluster[2,1]</c>.
/// </summary>
internal static class LaunchOverhead
{
    public const string Title = "Task launch overhead";
    public const string ManyTasks = "job of empty tasks";
    public const string SmallJob = "2-task job (median of the jobs)";

    public static SectionResult Run(bool quick, int repetitions)
    {
        var tasks = quick ? 400 : 2_000;
        var jobs = quick ? 20 : 50;
        Contender For(string master) => new(master, master,
            context => { Empty(context!, tasks); SmallJobs(context!, 10); },
            context => [Sample.Of(ManyTasks, tasks, () => Empty(context!, tasks)), SmallJobsSample(context!, jobs)]);
        return SectionRunner.Run(Title, [For("local[2]"), For("local-cluster[2,1]")], repetitions);
    }

    public static string Describe(bool quick) =>
        $"`Parallelize(new int[0], {(quick ? 400 : 2_000)}).Count()` (each task counts an empty slice and returns; tasks/s = partitions / wall), then " +
        $"{(quick ? 20 : 50)} jobs `Parallelize([1, 2], 2).Count()` one after the other (wall per job: the median job; its CPU is the sum over the jobs / jobs)";

    private static long Empty(EmberContext context, int partitions) => context.Parallelize(Array.Empty<int>(), partitions).Count();

    private static long SmallJobs(EmberContext context, int jobs)
    {
        long total = 0;
        for (var job = 0; job < jobs; job++)
        {
            total += context.Parallelize(new[] { 1, 2 }, 2).Count();
        }
        return total;
    }

    // The median job's wall time, reported as a sample of one job, with the CPU of all the jobs divided among them.
    private static Sample SmallJobSampleOf(IReadOnlyList<Sample> each) =>
        each.OrderBy(sample => sample.Wall).ElementAt(each.Count / 2) with
        {
            Metric = SmallJob,
            Cpu = new CpuSpent(
                TimeSpan.FromTicks(each.Sum(s => s.Cpu.Driver.Ticks) / each.Count),
                TimeSpan.FromTicks(each.Sum(s => s.Cpu.Executors.Ticks) / each.Count),
                TimeSpan.FromTicks(each.Sum(s => s.Cpu.MachineBusy.Ticks) / each.Count),
                TimeSpan.FromTicks(each.Sum(s => s.Cpu.MachineTotal.Ticks) / each.Count),
                TimeSpan.FromTicks(each.Sum(s => s.Cpu.Steal.Ticks) / each.Count)),
            Check = each.Sum(s => s.Check),
        };

    private static Sample SmallJobsSample(EmberContext context, int jobs) =>
        SmallJobSampleOf([.. Enumerable.Range(0, jobs).Select(_ => Sample.Of(SmallJob, 1, () => SmallJobs(context, 1)))]);
}

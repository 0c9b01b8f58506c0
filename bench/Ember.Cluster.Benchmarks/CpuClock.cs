using System.Diagnostics;
using System.Globalization;

namespace Ember.Cluster.Benchmarks;

/// <summary>
/// CPU time at one instant: this (driver) process, its child processes (the executors of a <c>local-cluster</c>
/// master are started by the context, so they are children of this process), and the whole machine (/proc/stat), so a
/// run can say how much of the 2 cores went to other processes while it ran. Linux only: elsewhere the children and
/// the machine read as zero.
/// </summary>
internal sealed record CpuClock(TimeSpan Driver, TimeSpan Executors, int ExecutorCount, TimeSpan MachineBusy, TimeSpan MachineTotal, TimeSpan Steal)
{
    // /proc reports clock ticks; USER_HZ is 100 on every Linux ABI .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>
    /// Reads the clocks. Listing /proc costs the driver a millisecond or two: a run's start reads the driver's clock
    /// last and its end reads it first (<paramref name="driverFirst"/>), so that cost is on neither side of the run.
    /// </summary>
    public static CpuClock Now(bool driverFirst = false)
    {
        using var self = Process.GetCurrentProcess();
        var driver = driverFirst ? self.TotalProcessorTime : TimeSpan.Zero;
        var (executors, count) = ChildrenCpu(self.Id);
        var (busy, total, steal) = MachineCpu();
        if (!driverFirst)
        {
            self.Refresh();
            driver = self.TotalProcessorTime;
        }
        return new CpuClock(driver, executors, count, busy, total, steal);
    }

    /// <summary>What was spent between <paramref name="start"/> and this instant.</summary>
    public CpuSpent Since(CpuClock start) => new(
        Driver - start.Driver,
        Executors - start.Executors,
        MachineBusy - start.MachineBusy,
        MachineTotal - start.MachineTotal,
        Steal - start.Steal);

    private static (TimeSpan Cpu, int Count) ChildrenCpu(int parent)
    {
        if (!Directory.Exists("/proc"))
        {
            return (TimeSpan.Zero, 0);
        }
        long ticks = 0;
        var count = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException) // the process exited while we listed
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            // Fields after the command (which may hold spaces and parentheses): state ppid ... utime(14) stime(15).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
            {
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                count++;
            }
        }
        return (TimeSpan.FromSeconds(ticks / TicksPerSecond), count);
    }

    private static (TimeSpan Busy, TimeSpan Total, TimeSpan Steal) MachineCpu()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user).
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return (TimeSpan.FromSeconds((total - idle) / TicksPerSecond), TimeSpan.FromSeconds(total / TicksPerSecond), TimeSpan.FromSeconds(fields[7] / TicksPerSecond));
    }
}

/// <summary>
/// CPU spent over one run: by the driver, by its executor processes, by the machine (all processes), and stolen by
/// the hypervisor (time a virtual core wanted to run and the host ran something else: this machine is a KVM guest).
/// </summary>
internal sealed record CpuSpent(TimeSpan Driver, TimeSpan Executors, TimeSpan MachineBusy, TimeSpan MachineTotal, TimeSpan Steal)
{
    /// <summary>The benchmark's own CPU: driver and executors.</summary>
    public TimeSpan Ours => Driver + Executors;

    /// <summary>CPU that other processes (other helpers' builds and tests) took on the machine during the run, steal excluded.</summary>
    public TimeSpan Others => MachineBusy - Steal > Ours ? MachineBusy - Steal - Ours : TimeSpan.Zero;

    /// <summary>The cores the machine had over the run, in core-seconds (cores × wall).</summary>
    public TimeSpan Capacity => MachineTotal;
}

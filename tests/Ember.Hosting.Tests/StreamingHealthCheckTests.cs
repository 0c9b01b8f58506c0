using System.Collections.Concurrent;
using Ember.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Ember.Hosting.Tests;

public sealed class StreamingHealthCheckTests
{
    [Fact]
    public async Task CheckHealth_BatchesQueueBehindSlowBatch_DegradedWithDelayThenHealthy()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var job = new HostedJob(context =>
            context.QueueStream(new ConcurrentQueue<Rdd<int>>()).ForEachRdd((_, time) =>
            {
                if (time == HostedJob.Batch(1))
                {
                    release.Task.Wait(BatchEvents.SafetyNet);
                }
            }));
        await job.Host.StartAsync();
        Assert.Equal(HealthStatus.Healthy, (await job.HealthAsync()).Status);

        // Batch 1 starts on time and blocks; batches 2, 3 and 4 queue behind it.
        job.Tick();
        await job.Events.StartedAsync(HostedJob.Batch(1));
        job.Tick();
        job.Tick();
        job.Tick();
        await job.Events.SubmittedAsync(4);
        var behind = await job.HealthAsync();
        release.SetResult();

        Assert.Equal(HealthStatus.Degraded, behind.Status);
        Assert.Equal(3, behind.Data["queuedBatches"]);
        // Batch 2 was due 2 s ago on the fake clock and has not started.
        Assert.Equal(TimeSpan.FromSeconds(2), behind.Data["schedulingDelay"]);
        await job.Events.CompletedAsync(HostedJob.Batch(4));
        var caughtUp = await job.HealthAsync();
        Assert.Equal(HealthStatus.Healthy, caughtUp.Status);
        Assert.Equal(0, caughtUp.Data["queuedBatches"]);
        Assert.Equal(HostedJob.Batch(4).ToDateTimeOffset(), caughtUp.Data["lastBatchTime"]);
        Assert.Equal(4L, caughtUp.Data["completedBatches"]);
    }

    [Fact]
    public async Task CheckHealth_SchedulingDelayOverThreshold_ReportsConfiguredStatus()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var job = new HostedJob(
            context => context.QueueStream(new ConcurrentQueue<Rdd<int>>()).ForEachRdd(_ => release.Task.Wait(BatchEvents.SafetyNet)),
            health: options =>
            {
                options.MaxSchedulingDelay = TimeSpan.FromMilliseconds(500);
                options.MaxQueuedBatches = 10;
                options.BehindStatus = HealthStatus.Unhealthy;
            });
        await job.Host.StartAsync();

        job.Tick();
        await job.Events.StartedAsync(HostedJob.Batch(1));
        job.Tick();
        job.Tick();
        await job.Events.SubmittedAsync(3);
        var behind = await job.HealthAsync();
        release.SetResult();

        // Two batches waiting is under the limit of 10; batch 2's delay of 1 s is over 500 ms.
        Assert.Equal(HealthStatus.Unhealthy, behind.Status);
        Assert.Equal(2, behind.Data["queuedBatches"]);
        Assert.Equal(HostedJob.Interval, behind.Data["schedulingDelay"]);
    }

    [Fact]
    public async Task CheckHealth_JobStoppedByItsOwnCode_UnhealthyAndApplicationStopping()
    {
        StreamingContext? running = null;
        await using var job = new HostedJob(context =>
        {
            running = context;
            context.QueueStream(new ConcurrentQueue<Rdd<int>>()).Print();
        });
        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        job.Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopRequested.TrySetResult());
        await job.Host.StartAsync();

        await running!.StopAsync();
        await stopRequested.Task.WaitAsync(BatchEvents.SafetyNet);
        var health = await job.HealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal(nameof(StreamingJobState.StoppedUnexpectedly), health.Data["state"]);
        Assert.Equal(0, Environment.ExitCode);
    }
}

using System.Collections.Concurrent;
using Ember.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ember.Hosting.Tests;

public sealed class StreamingHostedServiceTests
{
    [Fact]
    public async Task StopAsync_BatchRunning_LastBatchCompletesCheckpointWrittenExitCodeZero()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outputs = new ConcurrentQueue<(Time, int[])>();
        await using var job = new HostedJob(context =>
        {
            var queue = new ConcurrentQueue<Rdd<int>>([context.EmberContext.Parallelize([1, 2]), context.EmberContext.Parallelize([3])]);
            context.QueueStream(queue).ForEachRdd((rdd, time) =>
            {
                release.Task.Wait(BatchEvents.SafetyNet);
                outputs.Enqueue((time, [.. rdd.Collect()]));
            });
        }, new Dictionary<string, string?> { ["Ember:Streaming:StopGracefullyOnShutdown"] = "true" });
        await job.Host.StartAsync();
        Assert.Equal(StreamingContextState.Active, job.Context.State);

        job.Tick();
        var stopping = job.Host.StopAsync();
        release.SetResult();
        await stopping.WaitAsync(BatchEvents.SafetyNet);

        var (time, records) = Assert.Single(outputs);
        Assert.Equal(HostedJob.Batch(1), time);
        Assert.Equal([1, 2], records);
        Assert.Equal(StreamingContextState.Stopped, job.Context.State);
        // The last checkpoint records batch 1 as done: a restart would not run it again.
        var (checkpointTime, unfinished) = Checkpoints.Newest(job.CheckpointDirectory);
        Assert.Equal(HostedJob.Batch(1).Milliseconds, checkpointTime);
        Assert.Empty(unfinished);
        Assert.False(job.Context.Options.StopGracefullyOnShutdown);
        Assert.Equal(0, Environment.ExitCode);
        Assert.Equal(nameof(StreamingJobState.Stopped), (await job.HealthAsync()).Data["state"]);
    }

    [Fact]
    public async Task JobFailure_OutputThrows_StopsApplicationWithExitCodeOneAndUnhealthy()
    {
        try
        {
            await using var job = new HostedJob(context =>
                context.QueueStream(new ConcurrentQueue<Rdd<int>>([context.EmberContext.Parallelize([1])]))
                    .ForEachRdd(_ => throw new InvalidOperationException("sink unreachable")));
            var lifetime = job.Host.Services.GetRequiredService<IHostApplicationLifetime>();
            var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lifetime.ApplicationStopping.Register(() => stopRequested.TrySetResult());
            await job.Host.StartAsync();

            job.Tick();
            await stopRequested.Task.WaitAsync(BatchEvents.SafetyNet);

            Assert.Equal(1, Environment.ExitCode);
            var health = await job.HealthAsync();
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, health.Status);
            Assert.Contains("sink unreachable", health.Exception?.ToString(), StringComparison.Ordinal);
            Assert.Equal(nameof(StreamingJobState.Failed), health.Data["state"]);
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public async Task StartAsync_NoBatchInterval_FailsNamingTheKey()
    {
        await using var job = new HostedJob(context => context.QueueStream(new ConcurrentQueue<Rdd<int>>()).Print(),
            new Dictionary<string, string?> { ["Ember:Streaming:BatchInterval"] = null });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => job.Host.StartAsync());

        Assert.Contains("Ember:Streaming:BatchInterval", error.Message, StringComparison.Ordinal);
    }
}

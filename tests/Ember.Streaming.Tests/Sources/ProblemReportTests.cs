using System.Collections.Concurrent;
using Ember.Streaming.Listener;
using Ember.Streaming.Sources;
using Ember.Streaming.Tests.Checkpointing;

namespace Ember.Streaming.Tests.Sources;

/// <summary>Problems a source reports, from its tasks or on the driver, reach the listeners named after the stream.</summary>
public sealed class ProblemReportTests
{
    [Fact]
    public async Task ReportProblem_FromATaskAndFromTheDriver_ListenersGetItWithTheStream()
    {
        await using var fixture = new CheckpointFixture();
        var problems = new ProblemListener();
        NumberSource? source = null;
        var run = fixture.Open(ssc =>
        {
            ssc.AddStreamingListener(problems);
            source = new NumberSource(ssc);
            source.WithName("numbers").ForEachRdd(rdd => rdd.Count());
        });
        run.Start();
        await run.AdvanceAsync();

        var fromTask = Assert.Single(problems.Errors, error => error.Message.StartsWith("task", StringComparison.Ordinal));
        var fromDriver = Assert.Single(problems.Errors, error => error.Message.StartsWith("driver", StringComparison.Ordinal));
        Assert.Equal($"task read partition 0 of batch {CheckpointFixture.Batch(1)}", fromTask.Message);
        Assert.Equal((source!.Id, "numbers", 2), (fromTask.StreamId, fromTask.Name, fromTask.Attempt));
        Assert.Equal((source.Id, "numbers", 0), (fromDriver.StreamId, fromDriver.Name, fromDriver.Attempt));
    }

    private sealed class NumberSource(StreamingContext context) : DirectInputDStream<int, int>(context, "NumberStream", new NumberReader())
    {
        protected override int Allocate(Time batchTime, CancellationToken cancellationToken)
        {
            ReportProblem($"driver allocated batch {batchTime}");
            return 3;
        }
    }

    private sealed class NumberReader : SourceReader<int, int>
    {
        public override int PartitionCount(int allocation) => 1;

        public override IEnumerable<int> Read(int allocation, int partition, SourceReadContext context)
        {
            context.ReportProblem($"task read partition {context.Partition} of batch {context.BatchTime}", attempt: 2);
            return Enumerable.Range(0, allocation);
        }
    }

    private sealed class ProblemListener : IStreamingListener
    {
        private readonly ConcurrentQueue<InputSourceErrorInfo> errors = new();

        public IReadOnlyList<InputSourceErrorInfo> Errors => [.. errors];

        public void OnInputSourceError(InputSourceErrorInfo error) => errors.Enqueue(error);
    }
}

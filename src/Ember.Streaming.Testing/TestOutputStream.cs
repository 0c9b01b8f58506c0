using Ember.Streaming.DStreams;
using Ember.Streaming.Listener;

namespace Ember.Streaming.Testing;

/// <summary>
/// An output of a job run by <see cref="StreamingTestDriver"/>: the collected RDD of a stream at every batch the
/// driver ran, kept by batch time across restarts. Declared in the job's factory with
/// <see cref="StreamingTestGraph.Output{T}"/>, fetched in the test with <see cref="StreamingTestDriver.Output{T}"/>.
/// </summary>
/// <remarks>
/// Collecting is an output operation of the job (a <c>ForEachRdd</c> that collects every RDD to the test process):
/// every batch's records travel to the driver, so keep test inputs small. A batch whose collection failed is absent
/// until a later run of it (after a restart) succeeds. Thread-safe; every read is a snapshot.
/// </remarks>
/// <typeparam name="T">The records.</typeparam>
public sealed class TestOutputStream<T> : ITestOutput
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<Time, TestOutputBatch<T>> batches = [];

    internal TestOutputStream(string name) => Name = name;

    /// <summary>The name the job's factory declared the output with.</summary>
    public string Name { get; }

    /// <summary>Every batch the driver ran so far, in time order, with or without an RDD.</summary>
    public IReadOnlyList<TestOutputBatch<T>> Batches
    {
        get
        {
            lock (gate)
            {
                return [.. batches.Values];
            }
        }
    }

    /// <summary>The records of every batch so far, flattened in batch order.</summary>
    public IReadOnlyList<T> Records => [.. Batches.SelectMany(batch => batch.Records)];

    /// <summary>The latest batch the driver ran, or null before the first.</summary>
    public TestOutputBatch<T>? Last
    {
        get
        {
            lock (gate)
            {
                return batches.Count > 0 ? batches.Values.Last() : null;
            }
        }
    }

    /// <summary>The batch of <paramref name="time"/>.</summary>
    /// <exception cref="KeyNotFoundException">The driver has not run that batch (or its output failed), naming the output and the batches it has.</exception>
    public TestOutputBatch<T> At(Time time)
    {
        lock (gate)
        {
            return batches.TryGetValue(time, out var batch)
                ? batch
                : throw new KeyNotFoundException(
                    $"Output '{Name}' has no batch {time}; it has {(batches.Count == 0 ? "none yet" : $"{batches.Keys.First()} to {batches.Keys.Last()}")}.");
        }
    }

    /// <summary>Adds the collecting output operation on <paramref name="stream"/>; its id tells its failures apart.</summary>
    internal int Collect(DStream<T> stream) =>
        new ForEachDStream<T>(stream, (rdd, time, _) =>
        {
            Record(time, rdd.Collect());
            return Task.CompletedTask;
        }, $"TestOutput({Name})", $"TestOutput({Name})").OutputOperationId;

    /// <summary>
    /// Called when a batch ended: an output that did not run then had no RDD, unless it failed, or the batch only
    /// rebuilt state after a restart (an earlier run's records stay).
    /// </summary>
    void ITestOutput.BatchCompleted(BatchInfo batch, int operationId)
    {
        if (batch.OutputOperationInfos.ContainsKey(operationId))
        {
            return;
        }
        lock (gate)
        {
            batches.TryAdd(batch.BatchTime, new TestOutputBatch<T>(batch.BatchTime, HasRdd: false, [], Runs: 0));
        }
    }

    private void Record(Time time, IReadOnlyList<T> records)
    {
        lock (gate)
        {
            var runs = batches.TryGetValue(time, out var earlier) ? earlier.Runs + 1 : 1;
            batches[time] = new TestOutputBatch<T>(time, HasRdd: true, records, runs);
        }
    }
}

/// <summary>An output as a run of the driver sees it, whatever its record type.</summary>
internal interface ITestOutput
{
    /// <summary>Told each ended batch, with the id its collecting operation has in the current run.</summary>
    void BatchCompleted(BatchInfo batch, int operationId);
}

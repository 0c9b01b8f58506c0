using System.Text.Json.Nodes;
using Ember.Streaming.Listener;

namespace Ember.Streaming.DStreams;

/// <summary>
/// A source: a stream with no parents, one RDD per batch interval. Sources register with the graph when created
/// and are started and stopped with the context. Write a source by deriving from
/// <see cref="Sources.DirectInputDStream{TAllocation, T}"/> (or feed a <see cref="Receivers.Receiver{T}"/> to
/// <see cref="StreamingContext.ReceiverStream{T}"/>).
/// </summary>
public abstract class InputDStream<T> : DStream<T>, IInputSource
{
    private protected InputDStream(StreamingContext context, string operation) : base(context, operation) =>
        context.Graph.AddInput(this);

    /// <inheritdoc />
    public override TimeSpan SlideDuration => Context.BatchInterval;

    /// <inheritdoc />
    public override IReadOnlyList<DStream> Dependencies => [];

    /// <summary>
    /// Called once when the context starts, after a recovery restored the source and before the first batch; open
    /// connections here, not in the constructor (a context whose start fails never calls <see cref="StopAsync"/>
    /// for a source it did not start).
    /// </summary>
    protected virtual void Start()
    {
    }

    /// <summary>
    /// Called once when the context stops (before the last batch of a graceful stop, after the running jobs of an
    /// immediate one); close connections here.
    /// </summary>
    protected virtual Task StopAsync() => Task.CompletedTask;

    DStream IInputSource.Stream => this;

    void IInputSource.Start() => Start();

    Task IInputSource.StopAsync() => StopSourceAsync();

    void IInputSource.AllocateBatch(Time time) => AllocateBatch(time);

    bool IInputSource.HasPendingData => HasPendingData;

    bool IInputSource.BuffersData => BuffersData;

    bool IInputSource.IsCheckpointed => IsCheckpointed;

    StreamInputInfo? IInputSource.InputInfoAt(Time time) => InputInfoAt(time);

    JsonNode? IInputSource.SaveAllocations() => SaveAllocations();

    void IInputSource.RestoreAllocations(JsonNode? saved) => RestoreAllocations(saved);

    private protected virtual Task StopSourceAsync() => StopAsync();

    private protected virtual void AllocateBatch(Time time)
    {
    }

    private protected virtual bool HasPendingData => false;

    private protected virtual bool BuffersData => false;

    private protected virtual bool IsCheckpointed => false;

    private protected virtual StreamInputInfo? InputInfoAt(Time time) => null;

    private protected virtual JsonNode? SaveAllocations() => null;

    private protected virtual void RestoreAllocations(JsonNode? saved)
    {
    }
}

/// <summary>
/// A source as the engine sees it (graph, batch generator, checkpoints): started and stopped with the context,
/// allocated at each batch before its jobs are built, and saved in checkpoints. Only <see cref="InputDStream{T}"/>
/// implements it.
/// </summary>
internal interface IInputSource
{
    DStream Stream { get; }

    void Start();

    Task StopAsync();

    /// <summary>Decides the batch's allocation now, before the batch's jobs are built (a no-op for sources without one).</summary>
    void AllocateBatch(Time time);

    /// <summary>True while the source holds data no batch took yet (a graceful stop then generates one more batch).</summary>
    bool HasPendingData { get; }

    /// <summary>True for a source that receives data between batches (receivers): with a write-ahead log, it needs a checkpoint directory.</summary>
    bool BuffersData { get; }

    /// <summary>True when the source's allocations go into checkpoints (under the stream's checkpoint id).</summary>
    bool IsCheckpointed { get; }

    /// <summary>What the batch of <paramref name="time"/> read, for listeners; null when unknown.</summary>
    StreamInputInfo? InputInfoAt(Time time);

    /// <summary>Everything needed to compute again every remembered batch, and to go on after them; null for nothing.</summary>
    JsonNode? SaveAllocations();

    /// <summary>Takes back what <see cref="SaveAllocations"/> wrote (before the context starts).</summary>
    void RestoreAllocations(JsonNode? saved);
}

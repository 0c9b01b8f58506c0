namespace Ember.Streaming.DStreams;

/// <summary>
/// A source: a stream with no parents, one RDD per batch interval. Sources register with the graph when created
/// and are started and stopped with the context.
/// </summary>
public abstract class InputDStream<T> : DStream<T>, IInputStream
{
    private protected InputDStream(StreamingContext context, string operation) : base(context, operation) =>
        context.Graph.AddInput(this);

    /// <inheritdoc />
    public override TimeSpan SlideDuration => Context.BatchInterval;

    /// <inheritdoc />
    public override IReadOnlyList<DStream> Dependencies => [];

    /// <summary>Called once when the context starts, before the first batch.</summary>
    void IInputStream.Start() => Start();

    Task IInputStream.StopAsync() => StopAsync();

    private protected virtual void Start()
    {
    }

    /// <summary>Called once when the context stops.</summary>
    private protected virtual Task StopAsync() => Task.CompletedTask;
}

/// <summary>A source as the graph sees it: started and stopped with the context.</summary>
internal interface IInputStream
{
    int Id { get; }

    void Start();

    Task StopAsync();
}

using System.Reactive.Subjects;
using System.Threading.Channels;
using System.Threading.Tasks.Dataflow;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Ember.Benchmarks.SideBySide;

/// <summary>
/// The contenders other than Ember, each in the form its own users would write for a stream cut into batches. Batch
/// <c>index</c> is <c>batches[index % batches.Length]</c> for every contender.
/// </summary>
internal static class LibraryRuns
{
    /// <summary>Records per message for TPL Dataflow and Channels: arrays amortise the per-message synchronisation.</summary>
    public const int ChunkSize = 4096;

    /// <summary>The single-pass loop over the batch's span on the calling thread: the physical limit for the work.</summary>
    public static Contender HandLoop<T>(T[][] batches, Func<BatchAggregation<T>> aggregation, string name = "Hand-written loop") =>
        new(name, () =>
        {
            var state = aggregation();
            return new DelegateRun(index =>
            {
                state.Add(batches[index % batches.Length]);
                return state.EndBatch();
            });
        });

    /// <summary>
    /// Rx.NET: the query is built over a <see cref="Subject{T}"/> per batch (a hot source, no scheduler in the path),
    /// every record pushed with OnNext, the batch closed with OnCompleted, and the query's one result read.
    /// </summary>
    public static Contender Rx<T>(T[][] batches, Func<IObservable<T>, IObservable<long>> query, string name = "System.Reactive") =>
        new(name, () => new DelegateRun(index =>
        {
            var subject = new Subject<T>();
            var result = 0L;
            using var subscription = query(subject).Subscribe(value => result = value);
            foreach (var record in batches[index % batches.Length])
            {
                subject.OnNext(record);
            }
            subject.OnCompleted();
            return result;
        }));

    /// <summary>
    /// TPL Dataflow: an <see cref="ActionBlock{TInput}"/> living for the whole run, fed array chunks of the batch by the
    /// caller; a marker message ends the batch and hands its checksum back.
    /// </summary>
    public static Contender Dataflow<T>(T[][] batches, Func<BatchAggregation<T>> aggregation) =>
        new("TPL Dataflow", () =>
        {
            var state = aggregation();
            TaskCompletionSource<long>? batchDone = null;
            var block = new ActionBlock<ArraySegment<T>>(chunk =>
            {
                if (chunk.Array is null)
                {
                    batchDone!.SetResult(state.EndBatch());
                }
                else
                {
                    state.Add(chunk.AsSpan());
                }
            }, new ExecutionDataflowBlockOptions { BoundedCapacity = 64, SingleProducerConstrained = true });
            return new DelegateRun(index =>
            {
                batchDone = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                foreach (var chunk in Chunks(batches[index % batches.Length]))
                {
                    block.SendAsync(chunk).GetAwaiter().GetResult();
                }
                block.SendAsync(default).GetAwaiter().GetResult();
                return batchDone.Task.GetAwaiter().GetResult();
            }, () =>
            {
                block.Complete();
                block.Completion.GetAwaiter().GetResult();
            });
        });

    /// <summary>
    /// System.Threading.Channels: a bounded single-reader, single-writer channel of array chunks and one consumer task
    /// for the run; an empty chunk ends the batch and the consumer hands the checksum back.
    /// </summary>
    public static Contender Channels<T>(T[][] batches, Func<BatchAggregation<T>> aggregation) =>
        new("System.Threading.Channels", () =>
        {
            var state = aggregation();
            var chunks = Channel.CreateBounded<ArraySegment<T>>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
            var checksums = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var consumer = Task.Run(async () =>
            {
                await foreach (var chunk in chunks.Reader.ReadAllAsync())
                {
                    if (chunk.Array is null)
                    {
                        checksums.Writer.TryWrite(state.EndBatch());
                    }
                    else
                    {
                        state.Add(chunk.AsSpan());
                    }
                }
            });
            return new DelegateRun(index =>
            {
                foreach (var chunk in Chunks(batches[index % batches.Length]))
                {
                    if (!chunks.Writer.TryWrite(chunk))
                    {
                        chunks.Writer.WriteAsync(chunk).AsTask().GetAwaiter().GetResult();
                    }
                }
                chunks.Writer.WriteAsync(default).AsTask().GetAwaiter().GetResult();
                return checksums.Reader.ReadAsync().AsTask().GetAwaiter().GetResult();
            }, () =>
            {
                chunks.Writer.Complete();
                consumer.GetAwaiter().GetResult();
            });
        });

    /// <summary>
    /// Akka.Streams: one materialised graph per batch (<c>Source.From(batch)</c> into a fold sink), record by record as
    /// Akka users write it; the actor system and materializer live for the whole run.
    /// </summary>
    public static Contender Akka<T>(T[][] batches, Func<BatchAggregation<T>> aggregation) =>
        new("Akka.Streams", () =>
        {
            var state = aggregation();
            var system = ActorSystem.Create("side-by-side", "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");
            var materializer = system.Materializer();
            return new DelegateRun(index =>
            {
                Source.From(batches[index % batches.Length])
                    .RunForeach(state.Add, materializer)
                    .GetAwaiter().GetResult();
                return state.EndBatch();
            }, () =>
            {
                materializer.Dispose();
                system.Terminate().GetAwaiter().GetResult();
            });
        });

    private static IEnumerable<ArraySegment<T>> Chunks<T>(T[] batch)
    {
        for (var start = 0; start < batch.Length; start += ChunkSize)
        {
            yield return new ArraySegment<T>(batch, start, Math.Min(ChunkSize, batch.Length - start));
        }
    }
}

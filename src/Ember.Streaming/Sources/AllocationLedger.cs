using System.Text.Json;
using System.Text.Json.Nodes;
using Ember.Streaming.Checkpointing;

namespace Ember.Streaming.Sources;

/// <summary>
/// The allocations of one source by batch time: recorded when a batch is allocated, marked when the batch completes,
/// forgotten once completed and older than the stream remembers, saved into checkpoints as typed JSON and read back.
/// Every source keeps its batches here, so none has its own bookkeeping, and a batch whose allocation is missing is
/// an error naming the stream and the time, never an empty batch. Thread-safe; never blocks on a source.
/// <paramref name="stream"/> names the source in errors (formatted when an error occurs, so a later <c>WithName</c> counts).
/// </summary>
internal sealed class AllocationLedger<TAllocation>(object stream)
    where TAllocation : notnull
{
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true, RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true };
    private readonly Lock gate = new();
    private readonly SortedDictionary<Time, Entry> entries = [];

    /// <summary>The latest batch time allocated (or restored): a time at or before it is never allocated again.</summary>
    public Time? Last { get; private set; }

    public bool TryGet(Time time, out TAllocation allocation)
    {
        lock (gate)
        {
            var found = entries.TryGetValue(time, out var entry);
            allocation = found ? entry!.Allocation : default!;
            return found;
        }
    }

    /// <summary>The allocation of <paramref name="time"/>; throws, naming the stream and the time, when it is not here.</summary>
    public TAllocation Get(Time time) =>
        TryGet(time, out var allocation) ? allocation : throw Missing(time);

    public InvalidOperationException Missing(Time time)
    {
        Time? oldest;
        lock (gate)
        {
            oldest = entries.Count > 0 ? entries.Keys.First() : null;
        }
        return new InvalidOperationException(
            $"{stream} has no allocation for batch {time}: " + (oldest is { } first && time < first
                ? $"it was forgotten (the oldest batch remembered is {first}). Make the stream remember longer (StreamingContext.Remember) if old batches are computed again."
                : "it was never recorded, or was lost with its checkpoint. The batch cannot be read again, and is not replaced by an empty one."));
    }

    /// <summary>Records a new batch; <paramref name="time"/> must be later than <see cref="Last"/>.</summary>
    public void Add(Time time, TAllocation allocation, bool completed)
    {
        lock (gate)
        {
            if (Last is { } last && time <= last)
            {
                throw new InvalidOperationException($"{stream}: batch {time} is allocated after batch {last}; allocations go forward in time.");
            }
            // The first new batch after a recovery ends its replay: restored batches not generated again never run.
            foreach (var restored in entries.Values.Where(entry => entry.Restored))
            {
                restored.Restored = false;
                restored.Completed = true;
            }
            entries[time] = new Entry(allocation) { Completed = completed };
            Last = time;
        }
    }

    /// <summary>A restored batch is generated again (replayed): it is remembered until it completes.</summary>
    public void Replaying(Time time)
    {
        lock (gate)
        {
            if (entries.TryGetValue(time, out var entry))
            {
                entry.Restored = false;
            }
        }
    }

    /// <summary>Marks the batch of <paramref name="time"/> completed; its allocation when this is the first time, else default.</summary>
    public bool Complete(Time time, out TAllocation allocation)
    {
        lock (gate)
        {
            if (entries.TryGetValue(time, out var entry) && !entry.Completed)
            {
                entry.Completed = true;
                allocation = entry.Allocation;
                return true;
            }
            allocation = default!;
            return false;
        }
    }

    /// <summary>Removes and returns the completed batches at or before <paramref name="limit"/>; batches not completed stay, as a checkpoint may replay them.</summary>
    public IReadOnlyList<(Time Time, TAllocation Allocation)> Forget(Time limit)
    {
        lock (gate)
        {
            var forgotten = entries.TakeWhile(pair => pair.Key <= limit).Where(pair => pair.Value.Completed)
                .Select(pair => (pair.Key, pair.Value.Allocation)).ToList();
            foreach (var (time, _) in forgotten)
            {
                entries.Remove(time);
            }
            return forgotten;
        }
    }

    /// <summary>The remembered batches, oldest first.</summary>
    public IReadOnlyList<(Time Time, TAllocation Allocation)> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries.Select(pair => (pair.Key, pair.Value.Allocation))];
            }
        }
    }

    /// <summary>The remembered batches and the source's <paramref name="position"/>, as a checkpoint keeps them.</summary>
    public JsonNode Save(JsonNode? position)
    {
        SavedLedger<TAllocation> saved;
        lock (gate)
        {
            saved = new SavedLedger<TAllocation>(SavedLedger<TAllocation>.CurrentFormat, Last?.Milliseconds,
                [.. entries.Select(pair => new SavedAllocation<TAllocation>(pair.Key.Milliseconds, pair.Value.Allocation))], position);
        }
        try
        {
            return JsonSerializer.SerializeToNode(saved, Json)!;
        }
        catch (Exception error) when (error is NotSupportedException or JsonException)
        {
            throw new InvalidOperationException(
                $"{stream}: its allocations cannot be written to the checkpoint as JSON ({typeof(TAllocation).FullName}): {error.Message}", error);
        }
    }

    /// <summary>
    /// Takes back what <see cref="Save"/> wrote (before the context starts): the batches a recovery replays find their
    /// allocations, and the source's position. A restored batch generated again (<see cref="Replaying"/>) is kept until
    /// it completes; the others count as completed once the first new batch is allocated.
    /// </summary>
    public (IReadOnlyList<(Time Time, TAllocation Allocation)> Allocations, JsonNode? Position) Restore(JsonNode saved)
    {
        SavedLedger<TAllocation> ledger;
        try
        {
            ledger = saved.Deserialize<SavedLedger<TAllocation>>(Json)
                ?? throw new CheckpointCorruptException($"The checkpoint's allocations of {stream} are empty.");
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new CheckpointCorruptException($"The checkpoint's allocations of {stream} cannot be read: {error.Message}", error);
        }
        if (ledger.Format != SavedLedger<TAllocation>.CurrentFormat)
        {
            throw new CheckpointCorruptException($"The checkpoint's allocations of {stream} have format {ledger.Format}; this version reads format {SavedLedger<TAllocation>.CurrentFormat}.");
        }
        if (ledger.Batches.Any(batch => batch.Allocation is null))
        {
            throw new CheckpointCorruptException($"The checkpoint's allocations of {stream} hold a batch without its allocation.");
        }
        lock (gate)
        {
            entries.Clear();
            foreach (var batch in ledger.Batches)
            {
                entries[new Time(batch.TimeMs)] = new Entry(batch.Allocation) { Restored = true };
            }
            Last = ledger.LastMs is { } last ? new Time(last) : entries.Count > 0 ? entries.Keys.Last() : null;
            return ([.. entries.Select(pair => (pair.Key, pair.Value.Allocation))], ledger.Position);
        }
    }

    private sealed class Entry(TAllocation allocation)
    {
        public TAllocation Allocation { get; } = allocation;

        public bool Completed { get; set; }

        /// <summary>Restored from a checkpoint, and not (yet) generated again.</summary>
        public bool Restored { get; set; }
    }
}

/// <summary>A source's allocations in a checkpoint: the batches it remembers, the latest batch allocated, and its position (internal sources only).</summary>
internal sealed record SavedLedger<TAllocation>(int Format, long? LastMs, IReadOnlyList<SavedAllocation<TAllocation>> Batches, JsonNode? Position)
{
    public const int CurrentFormat = 1;
}

/// <summary>One batch's allocation in a checkpoint.</summary>
internal sealed record SavedAllocation<TAllocation>(long TimeMs, TAllocation Allocation);

namespace Kpipe.Broker.Producers;

/// <summary>One producer's state on one partition: its epoch and its last five batches (Kafka's <c>ProducerStateEntry</c>).</summary>
internal sealed class ProducerEntry(short epoch)
{
    /// <summary>Kafka's <c>NUM_BATCHES_TO_RETAIN</c>, matching librdkafka's limit of five in-flight idempotent requests.</summary>
    public const int BatchesToRetain = 5;

    private readonly Queue<CachedBatch> _batches = new(BatchesToRetain);

    public short Epoch { get; private set; } = epoch;

    public int LastSequence { get; private set; } = -1;

    public DateTimeOffset LastSeen { get; private set; }

    public bool TryFindDuplicate(int firstSequence, int lastSequence, out CachedBatch batch)
    {
        foreach (var cached in _batches)
        {
            if (cached.FirstSequence == firstSequence && cached.LastSequence == lastSequence)
            {
                batch = cached;
                return true;
            }
        }

        batch = default;
        return false;
    }

    /// <summary>A transaction marker of a newer epoch fences the older one: its batches are refused, and the new epoch starts at sequence 0.</summary>
    public void BumpEpoch(short epoch, DateTimeOffset seen)
    {
        if (epoch > Epoch)
        {
            Epoch = epoch;
            _batches.Clear();
            LastSequence = -1;
        }

        LastSeen = seen;
    }

    public void Record(short epoch, CachedBatch batch, DateTimeOffset seen)
    {
        if (epoch != Epoch)
        {
            Epoch = epoch;
            _batches.Clear();
        }

        if (_batches.Count == BatchesToRetain)
        {
            _batches.Dequeue();
        }

        _batches.Enqueue(batch);
        LastSequence = batch.LastSequence;
        LastSeen = seen;
    }
}

/// <summary>A batch remembered for duplicate detection: its sequence range and where it was written.</summary>
internal readonly record struct CachedBatch(int FirstSequence, int LastSequence, long BaseOffset, long LogAppendTimeMs);

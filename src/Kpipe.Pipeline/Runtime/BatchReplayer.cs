using Confluent.Kafka;
using Kpipe.Pipeline.Jobs;

namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// Re-reads exactly the offset ranges of a planned batch with an assigned (not subscribed) consumer, so a re-run sees
/// the very records its first run saw.
/// </summary>
internal sealed class BatchReplayer
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);
    private readonly ConsumerConfig _config;

    public BatchReplayer(ConsumerConfig config) => _config = config;

    public IReadOnlyList<ConsumedRecord> Read(BatchPlan plan, CancellationToken cancellationToken)
    {
        var records = new List<ConsumedRecord>();
        var open = plan.Ranges.Where(r => r.UntilOffset > r.FromOffset).ToDictionary(r => r.Partition);
        if (open.Count == 0)
        {
            return records;
        }
        var bytes = new RecordBuffers();
        using var consumer = new ConsumerBuilder<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?>(_config).SetKeyDeserializer(bytes).SetValueDeserializer(bytes).Build();
        try
        {
            consumer.Assign(open.Values.Select(r => new TopicPartitionOffset(plan.Topic, new Partition(r.Partition), new Offset(r.FromOffset))));
            var lastProgress = DateTime.UtcNow;
            while (open.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null)
                {
                    if (DateTime.UtcNow - lastProgress > StallTimeout)
                    {
                        throw new InvalidOperationException($"could not re-read batch {plan.BatchId}: no records for {StallTimeout.TotalSeconds:0} s from partitions {string.Join(", ", open.Keys)}");
                    }
                    continue;
                }
                lastProgress = DateTime.UtcNow;
                var partition = result.Partition.Value;
                if (!open.TryGetValue(partition, out var range))
                {
                    continue;
                }
                if (result.IsPartitionEOF)
                {
                    throw new InvalidOperationException(
                        $"could not re-read batch {plan.BatchId}: partition {partition} ends at {result.Offset.Value}, before the recorded offset {range.UntilOffset} (deleted by retention or a different topic?)");
                }
                if (result.Offset.Value < range.UntilOffset)
                {
                    var m = result.Message;
                    records.Add(new ConsumedRecord(partition, result.Offset.Value, m.Timestamp.UtcDateTime, m.Key, m.Value ?? ReadOnlyMemory<byte>.Empty));
                }
                if (result.Offset.Value + 1 >= range.UntilOffset)
                {
                    open.Remove(partition);
                }
            }
        }
        finally
        {
            consumer.Close();
        }
        records.Sort(ConsumedRecord.ByPartitionThenOffset);
        return records;
    }
}

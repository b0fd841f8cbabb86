using System.Globalization;

namespace Kpipe.Reliability;

/// <summary>
/// Checks what <see cref="SequencedProducer"/>s were told against what a topic holds: every acknowledged record must be
/// at the partition and offset its acknowledgement named; per producer and partition the records must be in sequence
/// order; an idempotent producer's record must be stored once.
/// </summary>
/// <param name="Acknowledged">Records acknowledged, all producers together.</param>
/// <param name="Lost">Acknowledged records not found at their acknowledged offset.</param>
/// <param name="OutOfOrder">Records of one producer and partition stored or acknowledged after a later sequence.</param>
/// <param name="IdempotentDuplicates">Extra copies of idempotent producers' records.</param>
/// <param name="OtherDuplicates">Extra copies of non-idempotent producers' records (retries may write those twice; allowed).</param>
/// <param name="Failed">Records whose delivery failed (never acknowledged, outside the guarantee).</param>
public sealed record DeliveryAudit(long Acknowledged, long Lost, long OutOfOrder, long IdempotentDuplicates, long OtherDuplicates, long Failed)
{
    /// <summary>Audits <paramref name="producers"/> against <paramref name="stored"/> (value by partition and offset).</summary>
    public static DeliveryAudit Of(IReadOnlyList<SequencedProducer> producers, IReadOnlyDictionary<(int Partition, long Offset), string> stored)
    {
        long acknowledged = 0, lost = 0, outOfOrder = 0;
        foreach (var producer in producers)
        {
            foreach (var (sequence, (partition, offset)) in producer.Acknowledged)
            {
                acknowledged++;
                if (!stored.TryGetValue((partition, offset), out var value) || value != SequencedProducer.Payload(producer.Id, sequence))
                {
                    lost++;
                }
            }

            foreach (var partition in producer.Acknowledged.GroupBy(a => a.Value.Partition))
            {
                var offsets = partition.OrderBy(a => a.Key).Select(a => a.Value.Offset).ToList();
                outOfOrder += offsets.Zip(offsets.Skip(1)).Count(pair => pair.Second <= pair.First);
            }
        }

        var idempotent = producers.ToDictionary(p => p.Id, p => p.Idempotent);
        long idempotentDuplicates = 0, otherDuplicates = 0;
        var seen = new HashSet<(int Producer, long Sequence)>();
        var highest = new Dictionary<(int Producer, int Partition), long>();
        foreach (var ((partition, _), value) in stored.OrderBy(r => r.Key.Partition).ThenBy(r => r.Key.Offset))
        {
            var (producer, sequence) = Parse(value);
            if (!seen.Add((producer, sequence)))
            {
                if (idempotent.GetValueOrDefault(producer))
                {
                    idempotentDuplicates++;
                }
                else
                {
                    otherDuplicates++;
                }

                continue;
            }

            if (highest.TryGetValue((producer, partition), out var before) && sequence < before)
            {
                outOfOrder++;
            }

            highest[(producer, partition)] = Math.Max(sequence, before);
        }

        return new DeliveryAudit(acknowledged, lost, outOfOrder, idempotentDuplicates, otherDuplicates, producers.Sum(p => p.Failed));
    }

    private static (int Producer, long Sequence) Parse(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return (int.Parse(value.AsSpan(0, colon), CultureInfo.InvariantCulture), long.Parse(value.AsSpan(colon + 1), CultureInfo.InvariantCulture));
    }
}

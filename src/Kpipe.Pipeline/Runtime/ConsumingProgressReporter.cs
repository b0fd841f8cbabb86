using Confluent.Kafka;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Windows;

namespace Kpipe.Pipeline.Runtime;

/// <summary>Tells a job's observer, a few times a second at most, which window is being consumed and how far each partition lags.</summary>
internal sealed class ConsumingProgressReporter
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly IJobObserver? _observer;
    private readonly TimeProvider _time;
    private DateTimeOffset _last;

    public ConsumingProgressReporter(IJobObserver? observer, TimeProvider time)
    {
        _observer = observer;
        _time = time;
    }

    // Positions and high watermarks are the client's own (the last fetch's), so this asks the broker nothing; without
    // an observer it does not even read the clock.
    public void Report(IConsumer<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> consumer, ProcessingWindow window, int buffered)
    {
        if (_observer is null)
        {
            return;
        }
        var now = _time.GetUtcNow();
        if (now - _last < Interval)
        {
            return;
        }
        _last = now;
        var lag = new List<PartitionLag>();
        foreach (var partition in consumer.Assignment.OrderBy(p => p.Partition.Value))
        {
            try
            {
                var position = consumer.Position(partition);
                var high = consumer.GetWatermarkOffsets(partition).High;
                lag.Add(new PartitionLag(partition.Partition.Value, position.IsSpecial ? null : position.Value, high.IsSpecial ? null : high.Value));
            }
            catch (KafkaException)
            {
                lag.Add(new PartitionLag(partition.Partition.Value, null, null));
            }
        }
        _observer.Consuming(new ConsumingProgress(now, window.Start, window.End, buffered, lag));
    }
}

using Confluent.Kafka;
using Kpipe.Pipeline.Records;

namespace Kpipe.Pipeline.Producing;

/// <summary>
/// Streams a JSON array or JSON lines file into a topic, one message per record: the record's raw bytes are the value
/// and its <c>id</c> the key. Counts deliveries from the producer's reports, so the summary reflects broker acks.
/// </summary>
public sealed class FileProducer(IProducer<byte[]?, byte[]> producer, TimeProvider timeProvider)
{
    private static readonly TimeSpan QueueFullWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FlushStep = TimeSpan.FromMilliseconds(50);

    private long _sent;
    private long _skipped;
    private JsonRecordFormatException? _firstSkipped;
    private long _oversized;
    private (long Line, int Bytes)? _firstOversized;
    private long _delivered;
    private long _failed;
    private string? _firstError;

    /// <summary>
    /// Sends every record of <paramref name="path"/> and waits for their acknowledgements. A damaged record that reading
    /// can get past (a bad line of JSON lines, a record that is not UTF-8) and a record over the producer's
    /// <c>message.max.bytes</c> are skipped and counted; damage that ends the file, or cancellation, stops reading. What
    /// was sent until then is still flushed and counted in the summary: for up to <see cref="FileProducerOptions.FlushTimeout"/>
    /// or until <paramref name="cancellationToken"/> is cancelled, and after a cancellation for no more than
    /// <see cref="FileProducerOptions.CancelledFlushTimeout"/>, so a stop never waits on a broker that does not answer.
    /// </summary>
    public async Task<ProduceSummary> ProduceAsync(string path, FileProducerOptions options, IProgress<ProduceProgress>? progress, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var bytesRead = 0L;
        JsonRecordFormatException? formatError = null;
        var interrupted = false;
        try
        {
            bytesRead = await SendFileAsync(path, options, started, progress, cancellationToken);
        }
        catch (JsonRecordFormatException e)
        {
            formatError = e;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }

        if (interrupted)
        {
            Flush(options.CancelledFlushTimeout, CancellationToken.None);
        }
        else
        {
            Flush(options.FlushTimeout, cancellationToken);
        }

        progress?.Report(Snapshot(bytesRead));
        return new ProduceSummary(_sent, Interlocked.Read(ref _delivered), Interlocked.Read(ref _failed), Volatile.Read(ref _firstError),
            timeProvider.GetElapsedTime(started))
        {
            FormatError = formatError,
            Interrupted = interrupted,
            Skipped = _skipped,
            FirstSkipped = _firstSkipped,
            Oversized = _oversized,
            FirstOversized = _firstOversized,
        };
    }

    // Flush(TimeSpan) cannot be cancelled; short steps let a stop requested during the flush end it.
    private void Flush(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        while (producer.Flush(FlushStep) > 0 && !cancellationToken.IsCancellationRequested && timeProvider.GetElapsedTime(started) < timeout)
        {
        }
    }

    private async Task<long> SendFileAsync(string path, FileProducerOptions options, long started, IProgress<ProduceProgress>? progress, CancellationToken cancellationToken)
    {
        var bytesBeforeThisPass = 0L;
        do
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            using var reader = new JsonRecordReader(new BufferedStream(file, 1024 * 1024));
            while (await NextAsync(reader, cancellationToken))
            {
                await PaceAsync(options.RatePerSecond, started, cancellationToken);
                Send(options.Topic, reader.Current.Span, reader.CurrentLine, cancellationToken);
                if ((_sent & 0xFF) == 0)
                {
                    progress?.Report(Snapshot(bytesBeforeThisPass + reader.BytesConsumed));
                }
            }

            bytesBeforeThisPass += reader.BytesConsumed;
            if (reader.RecordCount == 0)
            {
                break;
            }
        }
        while (options.Loop && !cancellationToken.IsCancellationRequested);

        return bytesBeforeThisPass;
    }

    private async ValueTask<bool> NextAsync(JsonRecordReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await reader.ReadAsync(cancellationToken);
            }
            catch (JsonRecordFormatException e) when (e.Resumable)
            {
                _firstSkipped ??= e;
                _skipped++;
            }
        }
    }

    private void Send(string topic, ReadOnlySpan<byte> record, long line, CancellationToken cancellationToken)
    {
        var message = new Message<byte[]?, byte[]> { Key = RecordKey.Extract(record), Value = record.ToArray() };
        while (true)
        {
            try
            {
                producer.Produce(topic, message, OnDelivery);
                _sent++;
                return;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.MsgSizeTooLarge)
            {
                // librdkafka refuses a message over message.max.bytes before sending it; the records around it go on.
                _firstOversized ??= (line, record.Length);
                _oversized++;
                return;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // librdkafka's local queue is full: serve delivery reports until there is room again.
                cancellationToken.ThrowIfCancellationRequested();
                producer.Poll(QueueFullWait);
            }
        }
    }

    private void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.CompareExchange(ref _firstError, report.Error.Reason, null);
            Interlocked.Increment(ref _failed);
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }
    }

    private async ValueTask PaceAsync(double? ratePerSecond, long started, CancellationToken cancellationToken)
    {
        if (ratePerSecond is not { } rate)
        {
            return;
        }

        var due = TimeSpan.FromSeconds(_sent / rate) - timeProvider.GetElapsedTime(started);
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due, timeProvider, cancellationToken);
        }
    }

    private ProduceProgress Snapshot(long bytesRead) =>
        new(bytesRead, _sent, Interlocked.Read(ref _delivered), Interlocked.Read(ref _failed));
}

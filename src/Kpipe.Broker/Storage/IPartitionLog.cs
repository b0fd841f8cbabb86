using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Storage;

/// <summary>
/// The narrow contract between request handlers and one partition's log: append a validated batch,
/// read whole batches from an offset, look offsets up, wait for appends. Implemented on files
/// (<c>PartitionLog</c>) and in memory (for tests); handlers never see segments.
/// </summary>
public interface IPartitionLog : IDisposable
{
    /// <summary>The first offset still held (moves forward with retention and DeleteRecords).</summary>
    long LogStartOffset { get; }

    /// <summary>The offset the next appended record gets; on one node this is also the high watermark.</summary>
    long LogEndOffset { get; }

    /// <summary>Bytes held on disk by all segments of this partition.</summary>
    long SizeInBytes { get; }

    /// <summary>
    /// Validates one magic-2 record batch (length, magic, CRC-32C, counts), rewrites its base offset
    /// (and, for LogAppendTime topics, its timestamp and CRC) and appends it. Bad batches are never written. Control
    /// batches (transaction markers) are refused unless <paramref name="brokerControl"/>, which only the broker's own
    /// transaction coordinator sets.
    /// </summary>
    AppendResult Append(ReadOnlySpan<byte> batch, bool brokerControl = false);

    /// <summary>
    /// Reads whole batches starting with the one that contains <paramref name="offset"/>, up to
    /// <paramref name="maxBytes"/>; when <paramref name="minOneBatch"/> the first batch is returned whole even if larger.
    /// </summary>
    ReadResult Read(long offset, int maxBytes, bool minOneBatch);

    /// <summary>ListOffsets semantics: -1 latest, -2 earliest, -3 max timestamp, t ≥ 0 first record with timestamp ≥ t.</summary>
    OffsetLookup LookupOffset(long timestamp);

    /// <summary>Moves the log start forward (DeleteRecords); -1 means the high watermark.</summary>
    ErrorCode DeleteRecordsBefore(long offset, out long newLogStartOffset);

    /// <summary>Completes when the log end offset passes <paramref name="offset"/> or the token is cancelled.</summary>
    Task WaitForAppendAsync(long offset, CancellationToken cancellationToken);

    /// <summary>Applies changed topic configs (AlterConfigs): later appends, rolls and retention runs obey them.</summary>
    void UpdateConfig(LogConfig config);

    /// <summary>Forces written data to disk.</summary>
    void Flush();
}

using System.Buffers.Binary;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Storage;

/// <summary>The checks and rewrites every log applies on append, so the file and memory logs cannot disagree.</summary>
internal static class BatchAppendRules
{
    /// <summary>Validates a produced batch against the log's config; returns a failed result, or null when it may be appended.</summary>
    public static AppendResult? Check(ReadOnlySpan<byte> batch, LogConfig config, long nowMs, out RecordBatchHeader header)
    {
        var validation = RecordBatchValidator.Validate(batch, config.MaxMessageBytes);
        header = validation.Header;
        if (!validation.IsValid)
        {
            return new AppendResult(validation.Error, -1, -1, validation.Message);
        }

        if (config.LogAppendTime)
        {
            return null;
        }

        if (header.IsLogAppendTime)
        {
            return new AppendResult(ErrorCode.InvalidTimestamp, -1, -1, "a LogAppendTime batch was sent to a CreateTime topic");
        }

        if (OutOfRange(header.BaseTimestamp, nowMs, config) || OutOfRange(header.MaxTimestamp, nowMs, config))
        {
            return new AppendResult(
                ErrorCode.InvalidTimestamp,
                -1,
                -1,
                "record timestamp is outside message.timestamp.before.max.ms / message.timestamp.after.max.ms of the broker's clock");
        }

        return null;
    }

    /// <summary>Assigns the base offset, clears the leader epoch, and for LogAppendTime stamps the time and recomputes the CRC.</summary>
    public static void Stamp(Span<byte> batch, long baseOffset, long logAppendTimeMs)
    {
        BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.BaseOffsetPosition..], baseOffset);
        BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchHeader.PartitionLeaderEpochPosition..], -1);
        if (logAppendTimeMs < 0)
        {
            return;
        }

        var attributes = BinaryPrimitives.ReadInt16BigEndian(batch[RecordBatchHeader.AttributesPosition..]);
        BinaryPrimitives.WriteInt16BigEndian(batch[RecordBatchHeader.AttributesPosition..], (short)(attributes | RecordBatchHeader.TimestampTypeFlag));
        BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.MaxTimestampPosition..], logAppendTimeMs);
        BinaryPrimitives.WriteUInt32BigEndian(batch[RecordBatchHeader.CrcPosition..], Crc32C.Compute(batch[RecordBatchHeader.CrcStart..]));
    }

    private static bool OutOfRange(long timestamp, long nowMs, LogConfig config)
    {
        if (timestamp < 0)
        {
            return false;
        }

        var behind = nowMs - timestamp;
        return (behind > 0 && behind > config.TimestampBeforeMaxMs) || (behind < 0 && -behind > config.TimestampAfterMaxMs);
    }
}

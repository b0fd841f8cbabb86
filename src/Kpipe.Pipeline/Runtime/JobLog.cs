using Microsoft.Extensions.Logging;

namespace Kpipe.Pipeline.Runtime;

/// <summary>The job runtime's log messages.</summary>
internal static partial class JobLog
{
    [LoggerMessage(EventId = JobEvents.Starting, Level = LogLevel.Information, Message = "Job {Job} on {Topic}: group {Group}, checkpoint {Checkpoint}, resuming at batch {BatchId}")]
    public static partial void Starting(this ILogger logger, string job, string topic, string group, string checkpoint, long batchId);

    [LoggerMessage(EventId = JobEvents.Replaying, Level = LogLevel.Warning, Message = "Batch {BatchId} was planned but not committed; re-running it over its recorded offsets")]
    public static partial void Replaying(this ILogger logger, long batchId);

    [LoggerMessage(EventId = JobEvents.PendingNarrowed, Level = LogLevel.Warning, Message = "Batch {BatchId} was planned but not committed; {Dropped} of its {Ranges} partition ranges now belong to, or were read by, another instance of the group: its files are removed and only the rest re-runs")]
    public static partial void PendingNarrowed(this ILogger logger, long batchId, int dropped, int ranges);

    [LoggerMessage(EventId = JobEvents.FirstRecord, Level = LogLevel.Information, Message = "First record read: partition {Partition}, offset {Offset}")]
    public static partial void FirstRecord(this ILogger logger, int partition, long offset);

    [LoggerMessage(EventId = JobEvents.BatchCommitted, Level = LogLevel.Debug, Message = "Batch {BatchId} ({Window}): {Records} records committed")]
    public static partial void BatchCommitted(this ILogger logger, long batchId, string window, int records);

    [LoggerMessage(EventId = JobEvents.OffsetCommitFailed, Level = LogLevel.Warning, Message = "Could not commit offsets of batch {BatchId} to the group ({Reason}); the checkpoint keeps them and they are committed on the next assignment")]
    public static partial void OffsetCommitFailed(this ILogger logger, long batchId, string reason);

    [LoggerMessage(EventId = JobEvents.BatchAbandoned, Level = LogLevel.Warning, Message = "The running batch was abandoned ({Reason}); it stays planned in the checkpoint and re-runs on the next start")]
    public static partial void BatchAbandoned(this ILogger logger, string reason);

    [LoggerMessage(EventId = JobEvents.ConsumeError, Level = LogLevel.Warning, Message = "Consume error: {Reason}")]
    public static partial void ConsumeError(this ILogger logger, string reason);

    [LoggerMessage(EventId = JobEvents.Revoked, Level = LogLevel.Information, Message = "Partitions revoked: {Partitions}; {Dropped} buffered records of them left for their next owner")]
    public static partial void Revoked(this ILogger logger, string partitions, int dropped);

    [LoggerMessage(EventId = JobEvents.Stopping, Level = LogLevel.Information, Message = "Stopping: {Reason}")]
    public static partial void Stopping(this ILogger logger, JobStopReason reason);
}

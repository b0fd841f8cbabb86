using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Storage;

/// <summary>Opening a partition log: segment discovery and recovery from the last recovery point.</summary>
internal sealed partial class PartitionLog
{
    /// <summary>
    /// Opens the partition directory (creating it when missing). Segments holding offsets at or past the recovery point
    /// (all of them when it is unknown, none after a clean shutdown) have every batch's CRC verified; a torn tail or a
    /// corrupt batch cuts the log there and drops later segments. Missing or damaged indexes are rebuilt, with the
    /// segment's CRCs verified on the way. Each repair is logged in one line; a load with nothing to repair in one line.
    /// </summary>
    /// <remarks>
    /// A corrupt batch in the middle of a segment cuts everything after it, as Kafka's recovery does, even when later
    /// batches would pass their CRCs: the log stays a contiguous prefix of what was appended, so offsets, the
    /// idempotent producers' sequences and consumers' positions stay consistent, and after a crash the bytes past a
    /// bad write are not to be trusted anyway. Skipping just the bad batch would leave a hole consumers cannot tell
    /// from compaction. Segments below the recovery point are not re-read at startup (that would make every start
    /// read the whole log); damage there is caught by the read path, which never serves a batch whose CRC fails.
    /// </remarks>
    public static PartitionLog Open(PartitionLogSettings settings)
    {
        Directory.CreateDirectory(settings.Directory);
        var now = settings.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var baseOffsets = FindSegmentBaseOffsets(settings.Directory);
        if (baseOffsets.Count == 0)
        {
            baseOffsets.Add(Math.Max(settings.LogStartOffset, 0));
        }

        var segments = new List<LogSegment>();
        int verified = 0, batches = 0, deleted = 0, rebuilt = 0;
        long truncated = 0;
        string? problem = null;
        try
        {
            for (var i = 0; i < baseOffsets.Count; i++)
            {
                var segment = LogSegment.Open(settings.Directory, baseOffsets[i], settings.Files, now, out var indexProblem);
                segments.Add(segment);
                var untrusted = IsUntrusted(settings, baseOffsets, i);
                if (indexProblem is null && !untrusted && !segment.LoadTrusted(settings.Config.IndexIntervalBytes))
                {
                    indexProblem = "the indexes do not match the log";
                }

                SegmentScan? scan = null;
                if (indexProblem is not null || untrusted)
                {
                    scan = segment.Recover(verifyCrc: true, settings.Config.IndexIntervalBytes);
                    verified++;
                }

                if (indexProblem is not null)
                {
                    rebuilt++;
                    LogIndexRebuilt(settings.Logger, settings.Name, LogSegment.FileName(baseOffsets[i], ".index"), indexProblem);
                }

                batches += scan?.Batches ?? 0;
                if (scan is { Problem: { } found } cut)
                {
                    problem = found;
                    truncated += cut.TruncatedBytes;
                    var dropped = cut.DroppedRecords;
                    deleted += DeleteSegmentsAfter(settings, baseOffsets, i, ref truncated, ref dropped);
                    LogTruncated(
                        settings.Logger, settings.Name, LogSegment.FileName(baseOffsets[i], ".log"), cut.CutPosition, found, truncated, deleted,
                        dropped, segment.NextOffset);
                    break;
                }
            }
        }
        catch
        {
            segments.ForEach(s => s.Dispose());
            throw;
        }

        var logEnd = segments[^1].NextOffset;
        var logStart = Math.Clamp(Math.Max(settings.LogStartOffset, segments[0].BaseOffset), 0, logEnd);
        var recoveryPoint = settings.CleanShutdown ? logEnd : Math.Clamp(settings.RecoveryPoint, 0, logEnd);
        var summary = new RecoverySummary(segments.Count, verified, batches, truncated, deleted, rebuilt, problem);
        var log = new PartitionLog(settings, [.. segments], logStart, recoveryPoint, summary);
        if (problem is null && rebuilt == 0)
        {
            log.LogRecoveryClean(log.Name, segments.Count, verified, batches, settings.RecoveryPoint, logStart, logEnd);
        }

        return log;
    }

    /// <summary>
    /// Whether segment <paramref name="i"/> may hold bytes not known to be good: offsets at or past the recovery point.
    /// After a crash the active segment always may; after a clean shutdown the recovery point is the log end unless a
    /// read found a corrupt batch and lowered it to that batch's segment.
    /// </summary>
    private static bool IsUntrusted(PartitionLogSettings settings, List<long> baseOffsets, int i)
    {
        var recoveryPoint = settings.RecoveryPoint;
        if (recoveryPoint < 0)
        {
            return !settings.CleanShutdown;
        }

        return i == baseOffsets.Count - 1
            ? !settings.CleanShutdown || baseOffsets[i] >= recoveryPoint
            : baseOffsets[i + 1] > recoveryPoint;
    }

    private static List<long> FindSegmentBaseOffsets(string directory)
    {
        var offsets = new List<long>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.log"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.Length == 20 && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var baseOffset))
            {
                offsets.Add(baseOffset);
            }
        }

        offsets.Sort();
        return offsets;
    }

    private static int DeleteSegmentsAfter(PartitionLogSettings settings, List<long> baseOffsets, int index, ref long truncatedBytes, ref long droppedRecords)
    {
        var deleted = 0;
        for (var j = index + 1; j < baseOffsets.Count; j++)
        {
            var log = Path.Combine(settings.Directory, LogSegment.FileName(baseOffsets[j], ".log"));
            if (File.Exists(log))
            {
                using var file = settings.Files.Open(log);
                truncatedBytes += file.Length;
                droppedRecords += LogSegment.RecordsInReadableBatches(file, 0, file.Length, baseOffsets[j]);
            }

            foreach (var extension in new[] { ".log", ".index", ".timeindex" })
            {
                File.Delete(Path.Combine(settings.Directory, LogSegment.FileName(baseOffsets[j], extension)));
            }

            deleted++;
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Loaded {Partition}: {Segments} segments, {Verified} verified ({Batches} batches CRC-checked), "
            + "recovery point {RecoveryPoint}, log start {LogStart}, log end {LogEnd}")]
    private partial void LogRecoveryClean(string partition, int segments, int verified, int batches, long recoveryPoint, long logStart, long logEnd);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Repaired {Partition}: truncated {File} at byte {Position} ({Problem}), dropping {Bytes} bytes, {Deleted} later segments "
            + "and {Records} records from offset {LogEnd} on; the log now ends at offset {LogEnd}")]
    private static partial void LogTruncated(
        ILogger logger, string partition, string file, long position, string problem, long bytes, int deleted, long records, long logEnd);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repaired {Partition}: rebuilt the indexes of {File} from the log ({Problem}); no record dropped")]
    private static partial void LogIndexRebuilt(ILogger logger, string partition, string file, string problem);
}

using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Storage;

/// <summary>Opening a partition log: segment discovery and recovery from the last recovery point.</summary>
internal sealed partial class PartitionLog
{
    /// <summary>
    /// Opens the partition directory (creating it when missing). Segments holding offsets at or past the recovery point
    /// (all of them when it is unknown, none after a clean shutdown) have every batch's CRC verified; a torn tail or a
    /// corrupt batch cuts the log there and drops later segments. Missing or damaged indexes are rebuilt. Logs one line.
    /// </summary>
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
                var segment = LogSegment.Open(settings.Directory, baseOffsets[i], settings.Files, now, out var indexesValid);
                segments.Add(segment);
                var isLast = i == baseOffsets.Count - 1;
                var holdsUnflushed = settings.RecoveryPoint < 0 || isLast || baseOffsets[i + 1] > settings.RecoveryPoint;
                SegmentScan? scan = null;
                if (holdsUnflushed && !settings.CleanShutdown)
                {
                    scan = segment.Recover(verifyCrc: true, settings.Config.IndexIntervalBytes);
                    verified++;
                }
                else if (!indexesValid)
                {
                    scan = segment.Recover(verifyCrc: false, settings.Config.IndexIntervalBytes);
                    rebuilt++;
                }
                else if (!segment.LoadTrusted(settings.Config.IndexIntervalBytes))
                {
                    scan = segment.Recover(verifyCrc: true, settings.Config.IndexIntervalBytes);
                    verified++;
                    rebuilt++;
                }

                batches += scan?.Batches ?? 0;
                if (scan?.Problem is { } found)
                {
                    problem = found;
                    truncated += scan.Value.TruncatedBytes;
                    deleted += DeleteSegmentsAfter(settings, baseOffsets, i, ref truncated);
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
        log.LogRecovered(settings.RecoveryPoint, logStart, logEnd);
        return log;
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

    private static int DeleteSegmentsAfter(PartitionLogSettings settings, List<long> baseOffsets, int index, ref long truncatedBytes)
    {
        var deleted = 0;
        for (var j = index + 1; j < baseOffsets.Count; j++)
        {
            foreach (var extension in new[] { ".log", ".index", ".timeindex" })
            {
                var path = Path.Combine(settings.Directory, LogSegment.FileName(baseOffsets[j], extension));
                if (extension == ".log" && File.Exists(path))
                {
                    truncatedBytes += new FileInfo(path).Length;
                }

                File.Delete(path);
            }

            deleted++;
        }

        return deleted;
    }

    private void LogRecovered(long checkpointedRecoveryPoint, long logStart, long logEnd)
    {
        var r = Recovery;
        if (r.Problem is not null)
        {
            LogRecoveryTruncated(
                Name, checkpointedRecoveryPoint, r.BatchesVerified, r.SegmentsVerified, r.TruncatedBytes, r.Problem, r.DeletedSegments, r.RebuiltIndexes, logStart, logEnd);
        }
        else
        {
            LogRecoveryClean(Name, r.Segments, r.SegmentsVerified, r.BatchesVerified, r.RebuiltIndexes, checkpointedRecoveryPoint, logStart, logEnd);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Loaded {Partition}: {Segments} segments, {Verified} verified ({Batches} batches CRC-checked), {Rebuilt} indexes rebuilt, "
            + "recovery point {RecoveryPoint}, log start {LogStart}, log end {LogEnd}")]
    private partial void LogRecoveryClean(string partition, int segments, int verified, int batches, int rebuilt, long recoveryPoint, long logStart, long logEnd);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Recovered {Partition} from recovery point {RecoveryPoint}: {Batches} good batches in {Verified} verified segments, "
            + "truncated {Bytes} bytes ({Problem}), deleted {Deleted} later segments, {Rebuilt} indexes rebuilt; log start {LogStart}, log end {LogEnd}")]
    private partial void LogRecoveryTruncated(
        string partition, long recoveryPoint, int batches, int verified, long bytes, string problem, int deleted, int rebuilt, long logStart, long logEnd);
}

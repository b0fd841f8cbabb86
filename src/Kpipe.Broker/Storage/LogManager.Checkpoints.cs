using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Storage;

/// <summary>
/// The files beside the partitions that make a restart fast: the recovery-point and log-start-offset checkpoints and
/// the clean-shutdown marker, with Kafka's names and formats.
/// </summary>
internal sealed partial class LogManager
{
    private const string RecoveryPointFile = "recovery-point-offset-checkpoint";
    private const string LogStartFile = "log-start-offset-checkpoint";
    private const string CleanShutdownFile = ".kafka_cleanshutdown";

    private readonly Lock _checkpointLock = new();
    private Dictionary<(string Topic, int Partition), long> _loadedRecoveryPoints = [];
    private Dictionary<(string Topic, int Partition), long> _loadedLogStarts = [];
    private bool _cleanShutdown;

    private void ReadCheckpoints()
    {
        var directory = _options.DataDirectory;
        _loadedRecoveryPoints = ReadCheckpoint(Path.Combine(directory, RecoveryPointFile));
        _loadedLogStarts = ReadCheckpoint(Path.Combine(directory, LogStartFile));
        var marker = Path.Combine(directory, CleanShutdownFile);
        _cleanShutdown = File.Exists(marker);

        // From here on a crash must not pass for a clean shutdown.
        File.Delete(marker);
    }

    private Dictionary<(string Topic, int Partition), long> ReadCheckpoint(string path)
    {
        try
        {
            return OffsetCheckpointFile.Read(path);
        }
        catch (IOException e)
        {
            // Without checkpoints every partition is verified from its first segment, which is slower but safe.
            LogCheckpointUnreadable(path, e.Message);
            return [];
        }
    }

    private void WriteCheckpoints()
    {
        lock (_checkpointLock)
        {
            OffsetCheckpointFile.Write(Path.Combine(_options.DataDirectory, RecoveryPointFile), Entries(log => log.RecoveryPoint));
            WriteLogStartCheckpointLocked();
        }
    }

    private void WriteLogStartCheckpoint()
    {
        lock (_checkpointLock)
        {
            WriteLogStartCheckpointLocked();
        }
    }

    private void WriteLogStartCheckpointLocked() =>
        OffsetCheckpointFile.Write(Path.Combine(_options.DataDirectory, LogStartFile), Entries(log => log.LogStartOffset));

    // A snapshot first: OrderBy copies the live dictionary by a count taken before the copy, which throws when a
    // partition is added in between (a CreateTopics racing the checkpoint timer crashed the broker).
    private IEnumerable<(string Topic, int Partition, long Offset)> Entries(Func<PartitionLog, long> offset) =>
        _logs.ToArray()
            .OrderBy(e => e.Key.Topic, StringComparer.Ordinal)
            .ThenBy(e => e.Key.Partition)
            .Select(e => (e.Key.Topic, e.Key.Partition, offset(e.Value)));

    private void MarkCleanShutdown() => File.WriteAllText(Path.Combine(_options.DataDirectory, CleanShutdownFile), string.Empty);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring unreadable checkpoint {Path} ({Reason}); every partition will be verified from its start")]
    private partial void LogCheckpointUnreadable(string path, string reason);
}

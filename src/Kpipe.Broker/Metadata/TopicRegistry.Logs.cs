using Kpipe.Broker.Storage;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Metadata;

/// <summary>Partition log lifecycle of the registry: opening with checkpoints, deleting, flushing, retention and clean shutdown.</summary>
public sealed partial class TopicRegistry
{
    private const string RecoveryPointFile = "recovery-point-offset-checkpoint";
    private const string LogStartFile = "log-start-offset-checkpoint";
    private const string CleanShutdownFile = ".kafka_cleanshutdown";

    private static readonly TimeSpan RetentionCheckInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _backgroundLock = new();
    private readonly Lock _checkpointLock = new();
    private readonly List<ITimer> _timers = [];
    private Dictionary<(string Topic, int Partition), long> _loadedRecoveryPoints = [];
    private Dictionary<(string Topic, int Partition), long> _loadedLogStarts = [];
    private bool _cleanShutdown;

    /// <summary>Flushes every partition and writes the recovery-point checkpoint (what the interval flusher does).</summary>
    internal void FlushAll()
    {
        foreach (var log in AllLogs())
        {
            log.Flush();
        }

        WriteCheckpoints();
    }

    /// <summary>Runs one retention pass over every partition (what the periodic retention task does).</summary>
    internal int RunRetention() => AllLogs().Sum(log => log.EnforceRetention());

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

    private PartitionLog OpenLog(string topic, int partition, LogConfig config, bool existing)
    {
        var directory = PartitionDirectory.Of(_options.DataDirectory, topic, partition);
        if (!existing && Directory.Exists(directory))
        {
            // Left over from a deletion interrupted by a crash: a new topic starts empty.
            Directory.Delete(directory, recursive: true);
        }

        return PartitionLog.Open(new PartitionLogSettings
        {
            Directory = directory,
            Name = $"{topic}-{partition}",
            Config = config,
            Fsync = _options.Fsync,
            RecoveryPoint = existing ? _loadedRecoveryPoints.GetValueOrDefault((topic, partition), -1) : 0,
            LogStartOffset = existing ? _loadedLogStarts.GetValueOrDefault((topic, partition), -1) : 0,
            CleanShutdown = existing && _cleanShutdown,
            Time = _time,
            Files = _files,
            Logger = _loggerFactory.CreateLogger<PartitionLog>(),
            LogStartChanged = _ => WriteLogStartCheckpoint(),
        });
    }


    private void StartBackgroundWork()
    {
        if (_options.Fsync == FsyncPolicy.Interval)
        {
            _timers.Add(_time.CreateTimer(_ => RunInBackground(FlushAll, "flush"), null, _options.FsyncInterval, _options.FsyncInterval));
        }
        else
        {
            _timers.Add(_time.CreateTimer(_ => RunInBackground(WriteCheckpoints, "checkpoint"), null, CheckpointInterval, CheckpointInterval));
        }

        _timers.Add(_time.CreateTimer(_ => RunInBackground(() => RunRetention(), "retention"), null, RetentionCheckInterval, RetentionCheckInterval));
    }

    private void StopBackgroundWork()
    {
        lock (_backgroundLock)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }
    }

    private void RunInBackground(Action work, string name)
    {
        lock (_backgroundLock)
        {
            if (_timers.Count == 0)
            {
                return;
            }

            try
            {
                work();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                LogBackgroundFailed(name, e.Message);
            }
        }
    }

    private IEnumerable<PartitionLog> AllLogs() => Volatile.Read(ref _topics).Values.SelectMany(t => t.Logs);

    private void WriteCheckpoints()
    {
        lock (_checkpointLock)
        {
            OffsetCheckpointFile.Write(
                Path.Combine(_options.DataDirectory, RecoveryPointFile),
                Volatile.Read(ref _topics).Values.SelectMany(t => t.Logs.Select((log, p) => (t.Info.Name, p, log.RecoveryPoint))));
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
        OffsetCheckpointFile.Write(
            Path.Combine(_options.DataDirectory, LogStartFile),
            Volatile.Read(ref _topics).Values.SelectMany(t => t.Logs.Select((log, p) => (t.Info.Name, p, log.LogStartOffset))));

    private void MarkCleanShutdown() => File.WriteAllText(Path.Combine(_options.DataDirectory, CleanShutdownFile), string.Empty);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring unreadable checkpoint {Path} ({Reason}); every partition will be verified from its start")]
    private partial void LogCheckpointUnreadable(string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Background {Task} failed: {Reason}")]
    private partial void LogBackgroundFailed(string task, string reason);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Storage;

/// <summary>
/// Kafka's <c>LogManager</c>: owns the data directory (its lock and <c>meta.properties</c>) and every partition log in it.
/// Loads logs from the recovery-point and log-start checkpoints, creates and deletes them, runs the interval flusher
/// (or the checkpoint timer) and retention, and marks a clean shutdown when disposed after a complete startup.
/// </summary>
internal sealed partial class LogManager : IPartitionLogFactory
{
    /// <summary>How often retention runs (Kafka's <c>log.retention.check.interval.ms</c> default).</summary>
    internal static readonly TimeSpan RetentionCheckInterval = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Topic, int Partition), PartitionLog> _logs = new();
    private readonly Lock _backgroundLock = new();
    private readonly List<ITimer> _timers = [];
    private readonly DataDirectoryLock _directoryLock;
    private readonly BrokerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogFileSystem _files;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<LogManager> _logger;
    private bool _started;
    private bool _disposed;

    private LogManager(BrokerOptions options, DataDirectoryLock directoryLock, string clusterId, ILoggerFactory loggerFactory, TimeProvider time, ILogFileSystem files)
    {
        _options = options;
        _directoryLock = directoryLock;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<LogManager>();
        _time = time;
        _files = files;
        ClusterId = clusterId;
    }

    /// <summary>The stable id of this single-node cluster, stored in <c>meta.properties</c>.</summary>
    public string ClusterId { get; }

    /// <summary>
    /// Opens (creating if needed) the data directory and locks it, reads the cluster id and the checkpoints, and from then
    /// on treats the directory as not cleanly shut down until <see cref="Dispose"/> after <see cref="Startup"/>.
    /// </summary>
    public static LogManager Open(BrokerOptions options, ILoggerFactory loggerFactory, TimeProvider time, ILogFileSystem files)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.FsyncInterval, TimeSpan.Zero);
        Directory.CreateDirectory(options.DataDirectory);
        var directoryLock = DataDirectoryLock.Acquire(options.DataDirectory);
        try
        {
            StrayTemporaries.Remove(options.DataDirectory, loggerFactory.CreateLogger<LogManager>());
            var clusterId = ClusterIdentity.LoadOrCreate(options.DataDirectory, options.NodeId);
            var manager = new LogManager(options, directoryLock, clusterId, loggerFactory, time, files);
            manager.ReadCheckpoints();
            return manager;
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public IPartitionLog Load(string topic, int partition, LogConfig config) =>
        Add(topic, partition, Settings(topic, partition, config) with
        {
            RecoveryPoint = _loadedRecoveryPoints.GetValueOrDefault((topic, partition), -1),
            LogStartOffset = _loadedLogStarts.GetValueOrDefault((topic, partition), -1),
            CleanShutdown = _cleanShutdown,
        });

    /// <inheritdoc />
    public IPartitionLog Create(string topic, int partition, LogConfig config)
    {
        var settings = Settings(topic, partition, config) with { RecoveryPoint = 0, LogStartOffset = 0 };
        if (Directory.Exists(settings.Directory))
        {
            // Left over from a deletion interrupted by a crash: a new partition starts empty.
            Directory.Delete(settings.Directory, recursive: true);
        }

        return Add(topic, partition, settings);
    }

    /// <inheritdoc />
    public void Delete(string topic, int partition)
    {
        if (_logs.TryRemove((topic, partition), out var log))
        {
            log.DeleteFiles();
        }
    }

    /// <inheritdoc />
    public void Startup()
    {
        WriteCheckpoints();
        StartBackgroundWork();
        _started = true;
    }

    /// <inheritdoc />
    public void LogsChanged() => WriteCheckpoints();

    /// <summary>Flushes every partition and writes the recovery-point checkpoint (what the interval flusher does).</summary>
    internal void FlushAll()
    {
        foreach (var log in _logs.Values)
        {
            log.Flush();
        }

        WriteCheckpoints();
    }

    /// <summary>Runs one retention pass over every partition (what the periodic retention task does).</summary>
    internal int RunRetention() => _logs.Values.Sum(log => log.EnforceRetention());

    /// <summary>
    /// Stops background work and closes every log; after a complete startup also writes the checkpoints and the
    /// clean-shutdown marker. Releases the directory lock in any case.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            StopBackgroundWork();
            foreach (var log in _logs.Values)
            {
                log.Dispose();
            }

            if (_started)
            {
                WriteCheckpoints();
                MarkCleanShutdown();
            }
        }
        finally
        {
            _directoryLock.Dispose();
        }
    }

    private PartitionLogSettings Settings(string topic, int partition, LogConfig config) => new()
    {
        Directory = PartitionDirectory.Of(_options.DataDirectory, topic, partition),
        Name = $"{topic}-{partition}",
        Config = config,
        Fsync = _options.Fsync,
        Time = _time,
        Files = _files,
        Logger = _loggerFactory.CreateLogger<PartitionLog>(),
        LogStartChanged = _ => WriteLogStartCheckpoint(),
    };

    private PartitionLog Add(string topic, int partition, PartitionLogSettings settings)
    {
        var log = PartitionLog.Open(settings);
        _logs[(topic, partition)] = log;
        return log;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Background {Task} failed: {Reason}")]
    private partial void LogBackgroundFailed(string task, string reason);
}

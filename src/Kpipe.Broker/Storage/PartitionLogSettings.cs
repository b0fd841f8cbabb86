using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Storage;

/// <summary>Everything <see cref="PartitionLog.Open"/> needs: where, which configs, the flush policy, the checkpointed offsets and the seams.</summary>
internal sealed record PartitionLogSettings
{
    /// <summary>The partition directory, <c>&lt;data&gt;/&lt;topic&gt;-&lt;partition&gt;</c>.</summary>
    public required string Directory { get; init; }

    /// <summary>The partition's name for logs, <c>topic-partition</c>.</summary>
    public required string Name { get; init; }

    public LogConfig Config { get; init; } = LogConfig.Default;

    public FsyncPolicy Fsync { get; init; } = FsyncPolicy.Interval;

    /// <summary>Offset up to which data is known to be on disk; -1 when unknown (every segment is verified).</summary>
    public long RecoveryPoint { get; init; } = -1;

    /// <summary>The checkpointed log start offset; -1 when unknown (the first segment's base offset).</summary>
    public long LogStartOffset { get; init; } = -1;

    /// <summary>True when the broker shut down cleanly, so no segment needs its CRCs checked.</summary>
    public bool CleanShutdown { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILogFileSystem Files { get; init; } = PhysicalLogFileSystem.Instance;

    public required ILogger Logger { get; init; }

    /// <summary>Called (under no lock of the caller's) after retention or DeleteRecords moved the log start offset.</summary>
    public Action<PartitionLog>? LogStartChanged { get; init; }
}

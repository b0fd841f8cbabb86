using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Broker.Tests.Storage;

/// <summary>What only the file log does: segments, indexes, retention, recovery and the flush policy.</summary>
/// <remarks>Recovery after a crash or damage is in PartitionLogFileTests.Recovery.cs.</remarks>
[Trait("Category", "Unit")]
public sealed partial class PartitionLogFileTests : IDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private readonly TempDirectory _root = new();
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly FaultyFileSystem _files = new();

    private string Dir => Path.Combine(_root.Path, "events-0");

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Segments_roll_before_segment_bytes_is_exceeded_and_reads_cross_them()
    {
        using var log = Open(LogConfig.Default with { SegmentBytes = 1000 });
        var batch = TestBatches.OfSize(2, 100);

        for (var i = 0; i < 12; i++)
        {
            log.Append(batch);
        }

        Assert.True(log.SegmentCount > 3);
        var logFiles = Directory.GetFiles(Dir, "*.log").Select(Path.GetFileName).Order().ToList();
        Assert.Equal("00000000000000000000.log", logFiles[0]);
        Assert.All(logFiles, name => Assert.Matches("^[0-9]{20}\\.log$", name));
        Assert.All(Directory.GetFiles(Dir, "*.log"), f => Assert.True(new FileInfo(f).Length <= 1000));
        for (long offset = 0; offset < 24; offset++)
        {
            var records = TestBatches.Decode(log.Read(offset, 1 << 20, true).Records.Span);
            Assert.Contains(records, r => r.Offset == offset);
        }
    }

    [Fact]
    public void Segments_roll_by_age_on_the_next_append()
    {
        using var log = Open(LogConfig.Default with { SegmentMs = 60_000 });
        log.Append(TestBatches.OfValues("a"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        log.Append(TestBatches.OfValues("b"));
        Assert.Equal(1, log.SegmentCount);

        _clock.Advance(TimeSpan.FromSeconds(31));
        log.Append(TestBatches.OfValues("c"));

        Assert.Equal(2, log.SegmentCount);
        Assert.True(File.Exists(Path.Combine(Dir, "00000000000000000002.log")));
    }

    [Fact]
    public void Offset_and_time_indexes_get_an_entry_every_index_interval_bytes()
    {
        using var log = Open();
        var batch = TestBatches.OfSize(1, 450);
        for (var i = 0; i < 100; i++)
        {
            log.Append(TestBatches.OfSize(1, 450, timestamp: 1_700_000_000_000 + (i * 10)));
        }

        var totalBytes = 100L * batch.Length;
        var indexEntries = new FileInfo(Path.Combine(Dir, "00000000000000000000.index")).Length / 8;
        Assert.InRange(indexEntries, (totalBytes / 4096) - 2, totalBytes / 4096);
        Assert.Equal(indexEntries, new FileInfo(Path.Combine(Dir, "00000000000000000000.timeindex")).Length / 12);
        for (long offset = 0; offset < 100; offset++)
        {
            var read = log.Read(offset, 1, minOneBatch: true);
            Assert.Equal(offset, Assert.Single(TestBatches.Headers(read.Records.Span)).BaseOffset);
        }
    }

    [Fact]
    public void LookupOffset_by_timestamp_searches_across_segments_with_the_time_index()
    {
        using var log = Open(LogConfig.Default with { SegmentBytes = 5000, IndexIntervalBytes = 500 });
        for (var i = 0; i < 60; i++)
        {
            log.Append(TestBatches.Create([TestRecord.Of("k", new string('v', 100), 10_000 + (i * 100)), TestRecord.Of("k", "w", 10_050 + (i * 100))]));
        }

        Assert.True(log.SegmentCount > 2);
        Assert.Equal(new OffsetLookup(ErrorCode.None, 0, 10_000), log.LookupOffset(0));
        Assert.Equal(new OffsetLookup(ErrorCode.None, 61, 13_050), log.LookupOffset(13_001));
        Assert.Equal(new OffsetLookup(ErrorCode.None, 62, 13_100), log.LookupOffset(13_051));
        Assert.Equal(new OffsetLookup(ErrorCode.None, 119, 15_950), log.LookupOffset(ListOffsetsTimestamp.MaxTimestamp));
        Assert.Equal(new OffsetLookup(ErrorCode.None, -1, -1), log.LookupOffset(16_000));
    }

    [Fact]
    public void Retention_by_time_deletes_expired_segments_and_advances_the_log_start()
    {
        using var log = Open(LogConfig.Default with { SegmentBytes = 600, RetentionMs = 60_000 });
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            log.Append(TestBatches.Create([TestRecord.Of("k", new string('x', 200), now)]));
        }

        _clock.Advance(TimeSpan.FromMinutes(2));
        var fresh = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        log.Append(TestBatches.Create([TestRecord.Of("k", new string('y', 200), fresh)]));

        var deleted = log.EnforceRetention();

        Assert.True(deleted >= 2);
        Assert.Equal(6, log.LogStartOffset);
        Assert.Equal(ErrorCode.OffsetOutOfRange, log.Read(0, 1 << 20, true).Error);
        Assert.Equal([6L], TestBatches.Decode(log.Read(6, 1 << 20, true).Records.Span).Select(r => r.Offset));
        Assert.False(File.Exists(Path.Combine(Dir, "00000000000000000000.log")));
    }

    [Fact]
    public void Retention_by_time_expires_an_idle_active_segment_too()
    {
        using var log = Open(LogConfig.Default with { RetentionMs = 60_000 });
        log.Append(TestBatches.Create([TestRecord.Of("k", "v", _clock.GetUtcNow().ToUnixTimeMilliseconds())]));
        _clock.Advance(TimeSpan.FromMinutes(5));

        log.EnforceRetention();

        Assert.Equal(1, log.LogStartOffset);
        Assert.Equal(1, log.LogEndOffset);
        Assert.Equal(0, log.SizeInBytes);
        Assert.Equal(0, log.Append(TestBatches.OfValues("next")).BaseOffset - 1);
    }

    [Fact]
    public void Retention_by_size_deletes_the_oldest_segments_beyond_retention_bytes()
    {
        var batch = TestBatches.OfSize(1, 200);
        using var log = Open(LogConfig.Default with { SegmentBytes = batch.Length * 2, RetentionBytes = batch.Length * 4 });
        for (var i = 0; i < 10; i++)
        {
            log.Append(batch);
        }

        log.EnforceRetention();

        Assert.InRange(log.SizeInBytes, batch.Length * 3, batch.Length * 4);
        Assert.Equal(log.LogEndOffset - (log.SizeInBytes / batch.Length), log.LogStartOffset);
    }

    [Fact]
    public void Fsync_always_flushes_the_segment_before_append_returns()
    {
        using var log = Open(fsync: FsyncPolicy.Always);

        log.Append(TestBatches.OfValues("a"));
        log.Append(TestBatches.OfValues("b"));

        Assert.Equal(2, _files.LogFlushes);
    }

    [Fact]
    public void Fsync_interval_leaves_flushing_to_flush_and_advances_the_recovery_point()
    {
        using var log = Open(fsync: FsyncPolicy.Interval);
        log.Append(TestBatches.OfValues("a", "b"));
        Assert.Equal(0, _files.LogFlushes);
        Assert.Equal(0, log.RecoveryPoint);

        log.Flush();

        Assert.Equal(1, _files.LogFlushes);
        Assert.Equal(2, log.RecoveryPoint);
    }

    [Fact]
    public void A_failed_write_is_reported_and_leaves_the_log_as_it_was()
    {
        using var log = Open();
        log.Append(TestBatches.OfValues("a"));
        _files.FailLogWrites = true;

        var failed = log.Append(TestBatches.OfValues("lost"));
        _files.FailLogWrites = false;
        var next = log.Append(TestBatches.OfValues("b"));

        Assert.Equal(ErrorCode.KafkaStorageError, failed.Error);
        Assert.Contains("no space left", failed.Message);
        Assert.Equal(1, next.BaseOffset);
        Assert.Equal(["a", "b"], TestBatches.Decode(log.Read(0, 1 << 20, true).Records.Span).Select(r => System.Text.Encoding.UTF8.GetString(r.Value!)));
    }

    [Fact]
    public void A_failed_fsync_under_fsync_always_is_reported_and_nothing_is_published()
    {
        using var log = Open(fsync: FsyncPolicy.Always);
        _files.FailLogFlushes = true;

        var failed = log.Append(TestBatches.OfValues("a"));

        Assert.Equal(ErrorCode.KafkaStorageError, failed.Error);
        Assert.Equal(0, log.LogEndOffset);
        _files.FailLogFlushes = false;
        Assert.Equal(0, log.Append(TestBatches.OfValues("b")).BaseOffset);
    }

    [Fact]
    public void A_write_that_fails_halfway_leaves_no_partial_batch_so_a_crash_now_recovers_without_truncation()
    {
        using (var log = Open())
        {
            log.Append(TestBatches.OfValues("a"));
            var size = new FileInfo(Path.Combine(Dir, "00000000000000000000.log")).Length;
            _files.FailLogWrites = true;
            Assert.Equal(ErrorCode.KafkaStorageError, log.Append(TestBatches.OfSize(5, 2000)).Error);
            Assert.Equal(size, new FileInfo(Path.Combine(Dir, "00000000000000000000.log")).Length);
            _files.FailLogWrites = false;
        }

        using var reopened = Open(recoveryPoint: 0);

        Assert.Null(reopened.Recovery.Problem);
        Assert.Equal(1, reopened.LogEndOffset);
        Assert.Equal(1, reopened.Append(TestBatches.OfValues("b")).BaseOffset);
    }

    [Fact]
    public void Failed_appends_log_one_line_and_one_more_when_writes_resume()
    {
        var logs = new CapturingLoggerFactory();
        using var log = Open(loggerFactory: logs);
        _files.FailLogWrites = true;
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(ErrorCode.KafkaStorageError, log.Append(TestBatches.OfValues("x")).Error);
        }

        _files.FailLogWrites = false;
        Assert.Equal(0, log.Append(TestBatches.OfValues("y")).BaseOffset);

        var lines = logs.Lines.Where(l => l.Contains("Append", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("KAFKA_STORAGE_ERROR", lines[0]);
        Assert.Contains("after 50 failed", lines[1]);
    }

    [Fact]
    public void An_index_write_that_fails_does_not_fail_the_append_and_the_next_start_rebuilds_the_index()
    {
        using (var log = Open())
        {
            _files.FailIndexWrites = true;
            for (var i = 0; i < 200; i++)
            {
                Assert.Equal(i, log.Append(TestBatches.OfSize(1, 100, timestamp: 1_700_000_000_000 + i)).BaseOffset);
            }

            _files.FailIndexWrites = false;
            AssertEveryOffsetReadable(log, 200);
        }

        using var reopened = Open(recoveryPoint: 200, clean: true);

        Assert.Equal(1, reopened.Recovery.RebuiltIndexes);
        AssertEveryOffsetReadable(reopened, 200);
    }

    [Fact]
    public void A_roll_that_cannot_create_the_new_segment_answers_a_storage_error_and_a_later_roll_succeeds()
    {
        var batch = TestBatches.OfSize(1, 300);
        using var log = Open(LogConfig.Default with { SegmentBytes = batch.Length * 2 });
        log.Append(batch);
        log.Append(batch);
        _files.FailOpens = true;

        Assert.Equal(ErrorCode.KafkaStorageError, log.Append(batch).Error);

        _files.FailOpens = false;
        Assert.Equal(2, log.Append(batch).BaseOffset);
        Assert.Equal(2, log.SegmentCount);
    }

    [Fact]
    public void DeleteRecordsBefore_deletes_whole_segments_below_the_new_log_start()
    {
        var batch = TestBatches.OfSize(1, 300);
        using var log = Open(LogConfig.Default with { SegmentBytes = batch.Length * 2 });
        for (var i = 0; i < 6; i++)
        {
            log.Append(batch);
        }

        log.DeleteRecordsBefore(3, out var start);

        Assert.Equal(3, start);
        Assert.Equal(2, log.SegmentCount);
        Assert.False(File.Exists(Path.Combine(Dir, "00000000000000000000.log")));
    }

    private static List<DecodedRecord> ReadAll(IPartitionLog log)
    {
        var all = new List<DecodedRecord>();
        var offset = log.LogStartOffset;
        while (offset < log.LogEndOffset)
        {
            var records = TestBatches.Decode(log.Read(offset, int.MaxValue, true).Records.Span);
            all.AddRange(records.Where(r => r.Offset >= offset));
            offset = records[^1].Offset + 1;
        }

        return all;
    }

    private static int RecordCount(byte[] batch)
    {
        RecordBatchHeader.TryRead(batch, out var header);
        return header.RecordsCount;
    }

    private static void AssertEveryOffsetReadable(IPartitionLog log, int count)
    {
        for (long offset = 0; offset < count; offset++)
        {
            var header = Assert.Single(TestBatches.Headers(log.Read(offset, 1, true).Records.Span));
            Assert.Equal(offset, header.BaseOffset);
        }
    }

    private void WriteManyBatchesAndClose()
    {
        using var log = Open();
        for (var i = 0; i < 200; i++)
        {
            log.Append(TestBatches.OfSize(1, 100, timestamp: 1_700_000_000_000 + i));
        }
    }

    private PartitionLog Open(
        LogConfig? config = null,
        long recoveryPoint = -1,
        bool clean = false,
        long logStartOffset = -1,
        FsyncPolicy fsync = FsyncPolicy.Interval,
        CapturingLoggerFactory? loggerFactory = null) =>
        PartitionLog.Open(new PartitionLogSettings
        {
            Directory = Dir,
            Name = "events-0",
            Config = config ?? LogConfig.Default,
            Fsync = fsync,
            RecoveryPoint = recoveryPoint,
            LogStartOffset = logStartOffset,
            CleanShutdown = clean,
            Time = _clock,
            Files = _files,
            Logger = loggerFactory?.CreateLogger("PartitionLog") ?? NullLogger.Instance,
        });
}

using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Tests.Storage;

/// <summary>The file log reopened after a clean close, a crash, a torn tail or damaged files.</summary>
public sealed partial class PartitionLogFileTests
{
    [Fact]
    public void Reopening_after_a_clean_close_keeps_every_record_without_verifying()
    {
        using (var log = Open(LogConfig.Default with { SegmentBytes = 2000 }))
        {
            for (var i = 0; i < 20; i++)
            {
                log.Append(TestBatches.OfSize(3, 100));
            }
        }

        using var reopened = Open(LogConfig.Default with { SegmentBytes = 2000 }, recoveryPoint: 60, clean: true);

        Assert.Equal(60, reopened.LogEndOffset);
        Assert.Equal(0, reopened.Recovery.SegmentsVerified);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), ReadAll(reopened).Select(r => r.Offset));
        Assert.Equal(60, reopened.Append(TestBatches.OfValues("a", "b", "c")).BaseOffset);
    }

    [Fact]
    public void Recovery_truncates_a_torn_tail()
    {
        long sizeBefore;
        using (var log = Open())
        {
            log.Append(TestBatches.OfValues("a", "b"));
            log.Append(TestBatches.OfValues("c"));
            sizeBefore = log.SizeInBytes;
        }

        var segment = Path.Combine(Dir, "00000000000000000000.log");
        using (var stream = new FileStream(segment, FileMode.Append))
        {
            stream.Write(TestBatches.OfValues("torn").AsSpan(0, 40));
        }

        var logs = new CapturingLoggerFactory();
        using var reopened = Open(recoveryPoint: 0, loggerFactory: logs);

        Assert.Equal(3, reopened.LogEndOffset);
        Assert.Equal(40, reopened.Recovery.TruncatedBytes);
        Assert.Equal(sizeBefore, new FileInfo(segment).Length);
        var line = Assert.Single(logs.Lines);
        Assert.Contains("dropping 40 bytes", line);
        Assert.Contains("events-0", line);
        Assert.Equal(3, reopened.Append(TestBatches.OfValues("d")).BaseOffset);
    }

    [Fact]
    public void Recovery_after_a_cut_at_any_byte_keeps_exactly_the_whole_batches_before_it()
    {
        var batches = Enumerable.Range(0, 6).Select(i => TestBatches.OfSize(i + 1, 40 + (i * 13))).ToList();
        using (var log = Open())
        {
            batches.ForEach(b => log.Append(b));
        }

        var segment = Path.Combine(Dir, "00000000000000000000.log");
        var original = File.ReadAllBytes(segment);
        for (var cut = 0; cut <= original.Length; cut += 17)
        {
            File.WriteAllBytes(segment, original.AsSpan(0, cut).ToArray());
            File.Delete(Path.Combine(Dir, "00000000000000000000.index"));
            File.Delete(Path.Combine(Dir, "00000000000000000000.timeindex"));

            using var reopened = Open(recoveryPoint: 0);

            long expectedEnd = 0, wholeBytes = 0;
            foreach (var batch in batches.TakeWhile(b => (wholeBytes += b.Length) <= cut))
            {
                expectedEnd += RecordCount(batch);
            }

            Assert.Equal(expectedEnd, reopened.LogEndOffset);
            Assert.Equal(expectedEnd, ReadAll(reopened).Count);
        }
    }

    [Fact]
    public void Recovery_cuts_the_log_at_a_corrupt_batch_in_the_middle_and_drops_later_segments()
    {
        var batch = TestBatches.OfSize(1, 300);
        using (var log = Open(LogConfig.Default with { SegmentBytes = batch.Length * 3 }))
        {
            for (var i = 0; i < 9; i++)
            {
                log.Append(batch);
            }

            Assert.Equal(3, log.SegmentCount);
        }

        // Flip a record byte of the second batch (offset 1) in the first segment.
        var first = Path.Combine(Dir, "00000000000000000000.log");
        var bytes = File.ReadAllBytes(first);
        bytes[batch.Length + 100] ^= 0x55;
        File.WriteAllBytes(first, bytes);

        var logs = new CapturingLoggerFactory();
        using var reopened = Open(LogConfig.Default with { SegmentBytes = batch.Length * 3 }, recoveryPoint: -1, loggerFactory: logs);

        Assert.Equal(1, reopened.LogEndOffset);
        Assert.Equal(1, reopened.SegmentCount);
        Assert.Equal(2, reopened.Recovery.DeletedSegments);
        Assert.Contains("CRC", reopened.Recovery.Problem);
        Assert.Equal(batch.Length, new FileInfo(first).Length);
        Assert.Single(Directory.GetFiles(Dir, "*.log"));
        Assert.Contains("2 later segments", Assert.Single(logs.Lines));
    }

    [Fact]
    public void Recovery_rebuilds_an_empty_index_file()
    {
        WriteManyBatchesAndClose();
        var index = Path.Combine(Dir, "00000000000000000000.index");
        var originalLength = new FileInfo(index).Length;
        File.WriteAllBytes(index, []);

        using var reopened = Open(recoveryPoint: 200, clean: true);

        Assert.Equal(1, reopened.Recovery.RebuiltIndexes);
        Assert.Equal(originalLength, new FileInfo(index).Length);
        AssertEveryOffsetReadable(reopened, 200);
    }

    [Fact]
    public void Recovery_rebuilds_missing_index_files()
    {
        WriteManyBatchesAndClose();
        File.Delete(Path.Combine(Dir, "00000000000000000000.index"));
        File.Delete(Path.Combine(Dir, "00000000000000000000.timeindex"));

        using var reopened = Open(recoveryPoint: 200, clean: true);

        Assert.Equal(1, reopened.Recovery.RebuiltIndexes);
        Assert.True(new FileInfo(Path.Combine(Dir, "00000000000000000000.index")).Length > 0);
        Assert.True(new FileInfo(Path.Combine(Dir, "00000000000000000000.timeindex")).Length > 0);
        AssertEveryOffsetReadable(reopened, 200);
        Assert.Equal(new OffsetLookup(ErrorCode.None, 150, 1_700_000_000_150), reopened.LookupOffset(1_700_000_000_150));
    }

    [Fact]
    public void Recovery_rebuilds_a_corrupt_index_file()
    {
        WriteManyBatchesAndClose();
        var index = Path.Combine(Dir, "00000000000000000000.index");
        var bytes = File.ReadAllBytes(index);
        Array.Fill(bytes, (byte)0xFF, 8, 8);
        File.WriteAllBytes(index, bytes);

        using var reopened = Open(recoveryPoint: 200, clean: true);

        Assert.Equal(1, reopened.Recovery.RebuiltIndexes);
        AssertEveryOffsetReadable(reopened, 200);
    }

    [Fact]
    public void Recovery_rebuilds_a_time_index_that_points_past_the_log()
    {
        WriteManyBatchesAndClose();
        var timeIndex = Path.Combine(Dir, "00000000000000000000.timeindex");
        var stale = new byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(stale, 1_800_000_000_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(stale.AsSpan(8), 5000);
        File.WriteAllBytes(timeIndex, [.. File.ReadAllBytes(timeIndex), .. stale]);

        using var reopened = Open(recoveryPoint: 200, clean: true);

        Assert.Equal(1, reopened.Recovery.RebuiltIndexes);
        Assert.Equal(new OffsetLookup(ErrorCode.None, 199, 1_700_000_000_199), reopened.LookupOffset(ListOffsetsTimestamp.MaxTimestamp));
    }

    [Fact]
    public void Recovery_without_a_recovery_point_verifies_every_segment()
    {
        var batch = TestBatches.OfSize(1, 300);
        using (var log = Open(LogConfig.Default with { SegmentBytes = batch.Length * 2 }))
        {
            for (var i = 0; i < 6; i++)
            {
                log.Append(batch);
            }
        }

        using var reopened = Open(LogConfig.Default with { SegmentBytes = batch.Length * 2 }, recoveryPoint: -1);

        Assert.Equal(3, reopened.Recovery.SegmentsVerified);
        Assert.Equal(6, reopened.Recovery.BatchesVerified);
        Assert.Equal(6, reopened.LogEndOffset);
    }

    [Fact]
    public void Recovery_verifies_only_segments_from_the_recovery_point_on()
    {
        var batch = TestBatches.OfSize(1, 300);
        using (var log = Open(LogConfig.Default with { SegmentBytes = batch.Length * 2 }))
        {
            for (var i = 0; i < 6; i++)
            {
                log.Append(batch);
            }
        }

        using var reopened = Open(LogConfig.Default with { SegmentBytes = batch.Length * 2 }, recoveryPoint: 4);

        Assert.Equal(1, reopened.Recovery.SegmentsVerified);
        Assert.Equal(6, reopened.LogEndOffset);
    }

    [Fact]
    public void Log_start_offset_from_the_checkpoint_is_kept_on_open()
    {
        using (var log = Open())
        {
            log.Append(TestBatches.OfValues("a", "b", "c", "d"));
        }

        using var reopened = Open(logStartOffset: 2);

        Assert.Equal(2, reopened.LogStartOffset);
        Assert.Equal(ErrorCode.OffsetOutOfRange, reopened.Read(1, 1 << 20, true).Error);
    }
}

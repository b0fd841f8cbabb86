using System.Buffers.Binary;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Tests.Storage;

/// <summary>Each kind of damage to a partition's files: what reopening repairs and logs, and what a read refuses to serve.</summary>
public sealed partial class PartitionLogFileTests
{
    private const string FirstLog = "00000000000000000000.log";

    [Fact]
    public void A_zeroed_page_mid_segment_cuts_the_log_at_the_first_batch_it_hits_and_logs_one_line()
    {
        var positions = WriteBatchesAndClose(200, out var segment);
        var bytes = File.ReadAllBytes(segment);
        Array.Clear(bytes, 8192, 4096);
        File.WriteAllBytes(segment, bytes);
        var firstHit = positions.Count(p => p.End <= 8192);

        var logs = new CapturingLoggerFactory();
        using var reopened = Open(recoveryPoint: 0, loggerFactory: logs);

        Assert.Equal(firstHit, reopened.LogEndOffset);
        Assert.Equal(positions[firstHit].Start, new FileInfo(segment).Length);
        var line = Assert.Single(logs.Lines);
        Assert.Contains(FirstLog, line);
        Assert.Contains($"at byte {positions[firstHit].Start}", line);
        Assert.Contains($"{200 - firstHit} records from offset {firstHit}", line);
        AssertEveryServedBatchPassesItsCrc(reopened);
    }

    [Fact]
    public void A_flipped_byte_in_an_older_batch_of_the_active_segment_cuts_the_log_there_and_counts_what_was_dropped()
    {
        var positions = WriteBatchesAndClose(200, out var segment);
        var bytes = File.ReadAllBytes(segment);
        bytes[positions[50].Start + 70] ^= 0x10;
        File.WriteAllBytes(segment, bytes);

        var logs = new CapturingLoggerFactory();
        using var reopened = Open(recoveryPoint: 0, loggerFactory: logs);

        Assert.Equal(50, reopened.LogEndOffset);
        Assert.Equal("CRC-32C mismatch in batch at offset 50", reopened.Recovery.Problem);
        var line = Assert.Single(logs.Lines);
        Assert.Contains("CRC-32C mismatch", line);
        Assert.Contains($"dropping {bytes.Length - positions[50].Start} bytes", line);
        Assert.Contains("150 records from offset 50", line);
        Assert.Equal(50, reopened.Append(TestBatches.OfValues("next")).BaseOffset);
    }

    [Fact]
    public void A_read_never_serves_a_batch_whose_crc_fails_in_a_segment_trusted_at_startup_and_the_next_start_cuts_it()
    {
        var batch = TestBatches.OfSize(1, 300);
        var config = LogConfig.Default with { SegmentBytes = batch.Length * 4 };
        using (var log = Open(config))
        {
            for (var i = 0; i < 12; i++)
            {
                log.Append(batch);
            }
        }

        var first = Path.Combine(Dir, FirstLog);
        var bytes = File.ReadAllBytes(first);
        bytes[(2 * batch.Length) + 200] ^= 0x01;
        File.WriteAllBytes(first, bytes);

        var logs = new CapturingLoggerFactory();
        long recoveryPoint;
        using (var reopened = Open(config, recoveryPoint: 12, clean: true, loggerFactory: logs))
        {
            Assert.Equal(0, reopened.Recovery.SegmentsVerified);
            var served = reopened.Read(0, 1 << 20, minOneBatch: true);
            Assert.Equal(ErrorCode.None, served.Error);
            Assert.Equal([0L, 1L], TestBatches.Headers(served.Records.Span).Select(h => h.BaseOffset));
            Assert.Equal(ErrorCode.CorruptMessage, reopened.Read(2, 1 << 20, minOneBatch: true).Error);
            Assert.Equal(ErrorCode.CorruptMessage, reopened.Read(2, 1 << 20, minOneBatch: true).Error);
            Assert.Equal([4L], TestBatches.Headers(reopened.Read(4, batch.Length, minOneBatch: true).Records.Span).Select(h => h.BaseOffset));
            var refused = Assert.Single(logs.Lines, l => l.Contains("Refusing", StringComparison.Ordinal));
            Assert.Contains($"byte {2 * batch.Length} of {FirstLog} (offset 2)", refused);
            recoveryPoint = reopened.RecoveryPoint;
        }

        Assert.Equal(0, recoveryPoint);
        using var repaired = Open(config, recoveryPoint: recoveryPoint, clean: true);

        Assert.Equal(2, repaired.LogEndOffset);
        Assert.Equal(2, repaired.Recovery.DeletedSegments);
        AssertEveryServedBatchPassesItsCrc(repaired);
    }

    [Fact]
    public void An_index_entry_damaged_but_still_in_order_costs_a_longer_walk_never_a_wrong_batch()
    {
        WriteManyBatchesAndClose();
        var index = Path.Combine(Dir, "00000000000000000000.index");
        var bytes = File.ReadAllBytes(index);
        Assert.True(bytes.Length >= 4 * OffsetIndex.EntrySize);

        // Entry 1 now claims an offset just past entry 0's, at entry 1's position; entry 2 points one byte into a batch.
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(OffsetIndex.EntrySize), BinaryPrimitives.ReadInt32BigEndian(bytes) + 1);
        var entry2 = bytes.AsSpan(2 * OffsetIndex.EntrySize);
        BinaryPrimitives.WriteInt32BigEndian(entry2[4..], BinaryPrimitives.ReadInt32BigEndian(entry2[4..]) + 1);
        File.WriteAllBytes(index, bytes);

        using var reopened = Open(recoveryPoint: 200, clean: true);

        Assert.Equal(0, reopened.Recovery.RebuiltIndexes);
        AssertEveryOffsetReadable(reopened, 200);
    }

    [Theory]
    [InlineData(".index", "is missing")]
    [InlineData(".timeindex", "is missing")]
    public void A_missing_index_file_is_rebuilt_and_logged_in_one_line(string extension, string reason)
    {
        WriteManyBatchesAndClose();
        File.Delete(Path.Combine(Dir, "00000000000000000000" + extension));

        var logs = new CapturingLoggerFactory();
        using var reopened = Open(recoveryPoint: 200, clean: true, loggerFactory: logs);

        Assert.Equal(1, reopened.Recovery.RebuiltIndexes);
        var line = Assert.Single(logs.Lines);
        Assert.Contains("00000000000000000000" + extension + " " + reason, line);
        Assert.Contains("no record dropped", line);
        AssertEveryOffsetReadable(reopened, 200);
    }

    [Theory]
    [InlineData(".index", 3, "not a whole number of 8-byte entries")]
    [InlineData(".timeindex", 5, "not a whole number of 12-byte entries")]
    public void A_torn_index_file_is_rebuilt_and_its_reason_logged(string extension, int extraBytes, string reason)
    {
        WriteManyBatchesAndClose();
        var path = Path.Combine(Dir, "00000000000000000000" + extension);
        File.WriteAllBytes(path, [.. File.ReadAllBytes(path), .. new byte[extraBytes]]);

        var logs = new CapturingLoggerFactory();
        using var reopened = Open(recoveryPoint: 200, clean: true, loggerFactory: logs);

        Assert.Contains(reason, Assert.Single(logs.Lines));
        AssertEveryOffsetReadable(reopened, 200);
        Assert.Equal(new OffsetLookup(ErrorCode.None, 150, 1_700_000_000_150), reopened.LookupOffset(1_700_000_000_150));
    }

    [Fact]
    public void An_index_of_random_bytes_is_rebuilt_after_a_crash_too()
    {
        WriteManyBatchesAndClose();
        var index = Path.Combine(Dir, "00000000000000000000.index");
        var garbage = new byte[new FileInfo(index).Length];
        new Random(12).NextBytes(garbage);
        File.WriteAllBytes(index, garbage);

        var logs = new CapturingLoggerFactory();
        using var reopened = Open(recoveryPoint: 0, loggerFactory: logs);

        Assert.Contains("00000000000000000000.index", Assert.Single(logs.Lines));
        Assert.Null(reopened.Recovery.Problem);
        AssertEveryOffsetReadable(reopened, 200);
    }

    private List<(long Start, long End)> WriteBatchesAndClose(int count, out string segment)
    {
        var positions = new List<(long, long)>();
        using (var log = Open())
        {
            for (var i = 0; i < count; i++)
            {
                var before = log.SizeInBytes;
                log.Append(TestBatches.OfSize(1, 100 + (i % 7), timestamp: 1_700_000_000_000 + i));
                positions.Add((before, log.SizeInBytes));
            }
        }

        segment = Path.Combine(Dir, FirstLog);
        return positions;
    }

    private static void AssertEveryServedBatchPassesItsCrc(IPartitionLog log)
    {
        var offset = log.LogStartOffset;
        while (offset < log.LogEndOffset)
        {
            var read = log.Read(offset, 1 << 16, minOneBatch: true);
            Assert.Equal(ErrorCode.None, read.Error);
            var span = read.Records.Span;
            foreach (var header in TestBatches.Headers(span))
            {
                var batch = span[..header.TotalSize];
                Assert.Equal(header.Crc, Crc32C.Compute(batch[RecordBatchHeader.CrcStart..]));
                span = span[header.TotalSize..];
                offset = header.LastOffset + 1;
            }
        }
    }
}

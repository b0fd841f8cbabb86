using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Broker.Tests.Storage;

/// <summary>Behaviour every <see cref="IPartitionLog"/> must show; run against the memory and the file log.</summary>
public abstract class PartitionLogContractTests : IDisposable
{
    protected static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private readonly List<IPartitionLog> _logs = [];

    protected FakeTimeProvider Clock { get; } = new(Start);

    public virtual void Dispose()
    {
        foreach (var log in _logs)
        {
            log.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract IPartitionLog CreateLog(LogConfig config);

    protected IPartitionLog NewLog(LogConfig? config = null)
    {
        var log = CreateLog(config ?? LogConfig.Default);
        _logs.Add(log);
        return log;
    }

    [Fact]
    public void Append_assigns_consecutive_base_offsets()
    {
        var log = NewLog();

        var first = log.Append(TestBatches.OfValues("a", "b", "c"));
        var second = log.Append(TestBatches.OfValues("d"));

        Assert.Equal(new AppendResult(ErrorCode.None, 0, -1), first);
        Assert.Equal(new AppendResult(ErrorCode.None, 3, -1), second);
        Assert.Equal(4, log.LogEndOffset);
        Assert.Equal(0, log.LogStartOffset);
    }

    [Fact]
    public void Append_stores_the_batch_byte_exact_except_base_offset_and_leader_epoch()
    {
        var log = NewLog();
        log.Append(TestBatches.OfValues("x"));
        var sent = TestBatches.Create([TestRecord.Of("key", "value")], new BatchOptions { PartitionLeaderEpoch = 9 });

        log.Append(sent);
        var stored = log.Read(1, 1 << 20, minOneBatch: true).Records.ToArray();

        Assert.Equal(sent.Length, stored.Length);
        Assert.True(RecordBatchHeader.TryRead(stored, out var header));
        Assert.Equal(1, header.BaseOffset);
        Assert.Equal(LeaderEpoch.Current, header.PartitionLeaderEpoch);
        Assert.Equal(sent.AsSpan(16).ToArray(), stored.AsSpan(16).ToArray());
        Assert.Equal(ErrorCode.None, RecordBatchValidator.Validate(WithBaseOffsetZero(stored), int.MaxValue).Error);
    }

    [Fact]
    public void Append_refuses_an_invalid_batch_and_writes_nothing()
    {
        var log = NewLog();
        log.Append(TestBatches.OfValues("ok"));
        var sizeBefore = log.SizeInBytes;

        var result = log.Append(TestBatches.Create([TestRecord.Of("k", "v")], new BatchOptions { CorruptCrc = true }));

        Assert.Equal(ErrorCode.CorruptMessage, result.Error);
        Assert.NotNull(result.Message);
        Assert.Equal(1, log.LogEndOffset);
        Assert.Equal(sizeBefore, log.SizeInBytes);
        Assert.Single(TestBatches.Headers(log.Read(0, 1 << 20, true).Records.Span));
    }

    [Fact]
    public void Append_refuses_a_batch_over_the_topics_max_message_bytes()
    {
        var log = NewLog(LogConfig.Default with { MaxMessageBytes = 300 });

        var result = log.Append(TestBatches.OfSize(2, 200));

        Assert.Equal(ErrorCode.MessageTooLarge, result.Error);
        Assert.Equal(0, log.LogEndOffset);
    }

    [Fact]
    public void Append_on_a_log_append_time_topic_stamps_the_broker_time_and_keeps_a_valid_crc()
    {
        var log = NewLog(LogConfig.Default with { LogAppendTime = true });
        Clock.Advance(TimeSpan.FromSeconds(5));
        var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();

        var result = log.Append(TestBatches.OfValues("a", "b"));
        var stored = log.Read(0, 1 << 20, true).Records.ToArray();

        Assert.Equal(new AppendResult(ErrorCode.None, 0, now), result);
        Assert.True(RecordBatchHeader.TryRead(stored, out var header));
        Assert.True(header.IsLogAppendTime);
        Assert.Equal(now, header.MaxTimestamp);
        Assert.Equal(Crc32C.Compute(stored.AsSpan(RecordBatchHeader.CrcStart)), header.Crc);
        Assert.All(TestBatches.Decode(stored), r => Assert.Equal(now, r.Timestamp));
    }

    [Fact]
    public void Append_refuses_a_log_append_time_batch_on_a_create_time_topic()
    {
        var log = NewLog();

        var result = log.Append(TestBatches.Create([TestRecord.Of("k", "v")], new BatchOptions { Attributes = 0x08 }));

        Assert.Equal(ErrorCode.InvalidTimestamp, result.Error);
    }

    [Fact]
    public void Append_refuses_timestamps_outside_the_configured_window()
    {
        var log = NewLog(LogConfig.Default with { TimestampBeforeMaxMs = 60_000, TimestampAfterMaxMs = 60_000 });
        var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();

        Assert.Equal(ErrorCode.InvalidTimestamp, log.Append(TestBatches.Create([TestRecord.Of("k", "v", now - 120_000)])).Error);
        Assert.Equal(ErrorCode.InvalidTimestamp, log.Append(TestBatches.Create([TestRecord.Of("k", "v", now + 120_000)])).Error);
        Assert.Equal(ErrorCode.None, log.Append(TestBatches.Create([TestRecord.Of("k", "v", now - 1_000)])).Error);
    }

    [Fact]
    public void Read_starts_at_the_batch_containing_the_offset()
    {
        var log = NewLog();
        log.Append(TestBatches.OfValues("a", "b", "c"));
        log.Append(TestBatches.OfValues("d", "e"));

        var read = log.Read(4, 1 << 20, minOneBatch: true);

        Assert.Equal(ErrorCode.None, read.Error);
        var records = TestBatches.Decode(read.Records.Span);
        Assert.Equal([3L, 4L], records.Select(r => r.Offset));
        Assert.Equal("e", System.Text.Encoding.UTF8.GetString(records[1].Value!));
    }

    [Fact]
    public void Read_returns_only_whole_batches_that_fit_max_bytes()
    {
        var log = NewLog();
        var batch = TestBatches.OfSize(1, 100);
        for (var i = 0; i < 5; i++)
        {
            log.Append(batch);
        }

        var read = log.Read(0, (batch.Length * 3) + 10, minOneBatch: true);

        Assert.Equal(batch.Length * 3, read.Records.Length);
        Assert.Equal([0L, 1L, 2L], TestBatches.Headers(read.Records.Span).Select(h => h.BaseOffset));
    }

    [Fact]
    public void Read_returns_the_first_batch_whole_when_it_exceeds_max_bytes_and_min_one_batch_is_set()
    {
        var log = NewLog();
        var big = TestBatches.OfSize(1, 5000);
        log.Append(big);
        log.Append(TestBatches.OfValues("small"));

        var read = log.Read(0, 100, minOneBatch: true);

        Assert.Equal(big.Length, read.Records.Length);
    }

    [Fact]
    public void Read_returns_nothing_when_the_first_batch_exceeds_max_bytes_without_min_one_batch()
    {
        var log = NewLog();
        log.Append(TestBatches.OfSize(1, 5000));

        var read = log.Read(0, 100, minOneBatch: false);

        Assert.Equal(ErrorCode.None, read.Error);
        Assert.True(read.Records.IsEmpty);
    }

    [Fact]
    public void Read_at_the_log_end_returns_no_records_and_no_error()
    {
        var log = NewLog();
        log.Append(TestBatches.OfValues("a"));

        var read = log.Read(1, 1 << 20, true);

        Assert.Equal(ErrorCode.None, read.Error);
        Assert.True(read.Records.IsEmpty);
    }

    [Fact]
    public void Read_outside_log_start_and_log_end_is_offset_out_of_range()
    {
        var log = NewLog();
        log.Append(TestBatches.OfValues("a", "b", "c"));
        log.DeleteRecordsBefore(2, out _);

        Assert.Equal(ErrorCode.OffsetOutOfRange, log.Read(4, 1 << 20, true).Error);
        Assert.Equal(ErrorCode.OffsetOutOfRange, log.Read(1, 1 << 20, true).Error);
        Assert.Equal(ErrorCode.OffsetOutOfRange, log.Read(-1, 1 << 20, true).Error);
        Assert.Equal(ErrorCode.None, log.Read(2, 1 << 20, true).Error);
    }

    [Fact]
    public void LookupOffset_answers_latest_earliest_and_max_timestamp()
    {
        var log = NewLog();
        log.Append(TestBatches.Create([TestRecord.Of("a", "1", 1000), TestRecord.Of("b", "2", 5000), TestRecord.Of("c", "3", 2000)]));
        log.Append(TestBatches.Create([TestRecord.Of("d", "4", 3000)]));

        Assert.Equal(new OffsetLookup(ErrorCode.None, 4, -1), log.LookupOffset(ListOffsetsTimestamp.Latest));
        Assert.Equal(new OffsetLookup(ErrorCode.None, 0, -1), log.LookupOffset(ListOffsetsTimestamp.Earliest));
        Assert.Equal(new OffsetLookup(ErrorCode.None, 1, 5000), log.LookupOffset(ListOffsetsTimestamp.MaxTimestamp));
    }

    [Fact]
    public void LookupOffset_by_timestamp_finds_the_first_record_at_or_after_it()
    {
        var log = NewLog();
        log.Append(TestBatches.Create([TestRecord.Of("a", "1", 1000), TestRecord.Of("b", "2", 2000)]));
        log.Append(TestBatches.Create([TestRecord.Of("c", "3", 3000), TestRecord.Of("d", "4", 4000)]));

        Assert.Equal(new OffsetLookup(ErrorCode.None, 0, 1000), log.LookupOffset(0));
        Assert.Equal(new OffsetLookup(ErrorCode.None, 1, 2000), log.LookupOffset(1500));
        Assert.Equal(new OffsetLookup(ErrorCode.None, 3, 4000), log.LookupOffset(3500));
        Assert.Equal(new OffsetLookup(ErrorCode.None, -1, -1), log.LookupOffset(4001));
    }

    [Fact]
    public void LookupOffset_on_an_empty_log_reports_no_record()
    {
        var log = NewLog();

        Assert.Equal(new OffsetLookup(ErrorCode.None, 0, -1), log.LookupOffset(ListOffsetsTimestamp.Latest));
        Assert.Equal(new OffsetLookup(ErrorCode.None, -1, -1), log.LookupOffset(ListOffsetsTimestamp.MaxTimestamp));
        Assert.Equal(new OffsetLookup(ErrorCode.None, -1, -1), log.LookupOffset(100));
    }

    [Fact]
    public void DeleteRecordsBefore_moves_the_log_start_forward_only()
    {
        var log = NewLog();
        log.Append(TestBatches.OfValues("a", "b"));
        log.Append(TestBatches.OfValues("c", "d"));

        Assert.Equal(ErrorCode.None, log.DeleteRecordsBefore(3, out var start));
        Assert.Equal(3, start);
        Assert.Equal(ErrorCode.None, log.DeleteRecordsBefore(1, out start));
        Assert.Equal(3, start);
        Assert.Equal(3, log.LogStartOffset);
        Assert.Equal(new OffsetLookup(ErrorCode.None, 3, -1), log.LookupOffset(ListOffsetsTimestamp.Earliest));
        Assert.Equal([2L, 3L], TestBatches.Decode(log.Read(3, 1 << 20, true).Records.Span).Select(r => r.Offset));
    }

    [Fact]
    public void DeleteRecordsBefore_minus_one_means_the_high_watermark_and_beyond_it_is_out_of_range()
    {
        var log = NewLog();
        log.Append(TestBatches.OfValues("a", "b"));

        Assert.Equal(ErrorCode.OffsetOutOfRange, log.DeleteRecordsBefore(3, out _));
        Assert.Equal(ErrorCode.None, log.DeleteRecordsBefore(-1, out var start));
        Assert.Equal(2, start);
        Assert.True(log.Read(2, 1 << 20, true).Records.IsEmpty);
    }

    [Fact]
    public async Task WaitForAppendAsync_completes_when_an_append_passes_the_offset()
    {
        var log = NewLog();
        log.Append(TestBatches.OfValues("a"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var waiting = log.WaitForAppendAsync(1, timeout.Token);
        Assert.False(waiting.IsCompleted);
        log.Append(TestBatches.OfValues("b"));

        await waiting;
        Assert.Equal(2, log.LogEndOffset);
    }

    [Fact]
    public void WaitForAppendAsync_completes_at_once_when_data_is_already_there()
    {
        var log = NewLog();
        log.Append(TestBatches.OfValues("a", "b"));

        // Checked on return, before any other thread could run: a wait that needed a wake-up would still be pending.
        var waiting = log.WaitForAppendAsync(1, CancellationToken.None);

        Assert.True(waiting.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitForAppendAsync_is_cancelled_by_its_token()
    {
        var log = NewLog();
        using var cancel = new CancellationTokenSource();

        var waiting = log.WaitForAppendAsync(0, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void Appends_from_many_threads_get_distinct_contiguous_offsets()
    {
        var log = NewLog();
        var batch = TestBatches.OfValues("a", "b");

        var offsets = new long[200];
        Parallel.For(0, offsets.Length, i => offsets[i] = log.Append(batch).BaseOffset);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * 2L), offsets.Order());
        Assert.Equal(400, log.LogEndOffset);
        Assert.Equal(400, TestBatches.Decode(log.Read(0, int.MaxValue, true).Records.Span).Count);
    }

    [Fact]
    public async Task A_closed_log_refuses_appends_and_reads_and_releases_waiters()
    {
        var log = NewLog();
        log.Append(TestBatches.OfValues("a"));
        var waiting = log.WaitForAppendAsync(5, CancellationToken.None);

        log.Dispose();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, log.Append(TestBatches.OfValues("b")).Error);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, log.Read(0, 1 << 20, true).Error);
    }

    [Fact]
    public async Task Reads_running_beside_appends_always_see_whole_valid_batches()
    {
        var log = NewLog(LogConfig.Default with { SegmentBytes = 20_000 });
        var batch = TestBatches.OfSize(5, 120);
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 400; i++)
            {
                log.Append(batch);
            }
        });

        var offset = 0L;
        while (offset < 2000)
        {
            var read = log.Read(offset, 4096, minOneBatch: true);
            Assert.Equal(ErrorCode.None, read.Error);
            foreach (var header in TestBatches.Headers(read.Records.Span))
            {
                Assert.Equal(offset, header.BaseOffset);
                offset = header.LastOffset + 1;
            }

            Assert.Equal(read.Records.Length, TestBatches.Headers(read.Records.Span).Sum(h => h.TotalSize));
            if (read.Records.IsEmpty)
            {
                await log.WaitForAppendAsync(offset, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
        }

        await writer;
        Assert.Equal(2000, log.LogEndOffset);
    }

    private static byte[] WithBaseOffsetZero(byte[] stored)
    {
        var copy = (byte[])stored.Clone();
        Array.Clear(copy, 0, 8);
        return copy;
    }
}

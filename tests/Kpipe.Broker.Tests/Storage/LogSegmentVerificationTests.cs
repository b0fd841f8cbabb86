using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Tests.Storage;

/// <summary>Which bytes of a segment count as checked against their CRC-32C, so that a read checks only the others.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class LogSegmentVerificationTests : IDisposable
{
    private const int IndexInterval = 4096;
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Batches_appended_by_this_process_count_as_checked()
    {
        using var segment = WriteSegment(5);
        Assert.True(segment.Size > 0);
        Assert.Equal(segment.Size, segment.VerifiedSize);
    }

    [Fact]
    public void A_segment_trusted_at_startup_counts_nothing_as_checked_and_a_verifying_recovery_counts_it_all()
    {
        long size;
        using (var written = WriteSegment(5))
        {
            size = written.Size;
        }

        using var reopened = LogSegment.Open(_root.Path, 0, PhysicalLogFileSystem.Instance, 0, out _);
        Assert.True(reopened.LoadTrusted(IndexInterval));
        Assert.Equal(0, reopened.VerifiedSize);

        reopened.Recover(verifyCrc: false, IndexInterval);
        Assert.Equal(0, reopened.VerifiedSize);

        reopened.Recover(verifyCrc: true, IndexInterval);
        Assert.Equal(size, reopened.VerifiedSize);
    }

    [Fact]
    public void The_checked_prefix_only_moves_from_where_the_caller_saw_it()
    {
        long size;
        using (var written = WriteSegment(2))
        {
            size = written.Size;
        }

        using var reopened = LogSegment.Open(_root.Path, 0, PhysicalLogFileSystem.Instance, 0, out _);
        Assert.True(reopened.LoadTrusted(IndexInterval));
        Assert.Equal(size / 2, reopened.AdvanceVerified(0, size / 2));
        Assert.Equal(size / 2, reopened.AdvanceVerified(0, size));
        Assert.Equal(size, reopened.AdvanceVerified(size / 2, size));
    }

    private LogSegment WriteSegment(int batches)
    {
        var segment = LogSegment.Open(_root.Path, 0, PhysicalLogFileSystem.Instance, 0, out _);
        for (var i = 0; i < batches; i++)
        {
            var batch = TestBatches.OfSize(3, 100);
            RecordBatchHeader.StampForAppend(batch, segment.NextOffset, -1);
            Assert.True(RecordBatchHeader.TryRead(batch, out var header));
            segment.Append(batch, header, IndexInterval, 0, flush: false);
        }

        segment.Flush();
        return segment;
    }
}

using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>
/// One share of a stream-metrics batch, a run of consecutive records scanned and written on a core of its own: its
/// text arena, cells, good records, dead letters and column arrays, all kept from batch to batch and emptied after each.
/// </summary>
internal sealed class BatchShard
{
    // The cell list is sized from this many first records instead of doubling as it fills: a job's first batch, which
    // lands in memory the process has never touched, then touches about half as much.
    private const int SampleRecords = 64;

    private readonly RecordScanner _scanner;

    /// <summary>Creates an empty shard numbering fields in <paramref name="ids"/> and reading the user fields named by <paramref name="fields"/>.</summary>
    public BatchShard(FieldIds ids, RecordFieldNames fields) => _scanner = new RecordScanner(ids, fields, Text);

    /// <summary>The shard's text that is not a slice of its records' bytes.</summary>
    public Utf8Arena Text { get; } = new();

    /// <summary>The places the shard's addresses are in, in UTF-8, kept from batch to batch.</summary>
    public PlaceTexts Places { get; } = new();

    /// <summary>The good records' top-level fields, record after record.</summary>
    public List<JsonCell> Cells { get; } = [];

    /// <summary>The good records, with their index in the batch.</summary>
    public List<ScannedRecord> Good { get; } = [];

    /// <summary>The bad records, in batch order.</summary>
    public List<DeadLetter> Rejected { get; } = [];

    /// <summary>The arrays the shard's part of the records table is built in.</summary>
    public ReusedArrays Arrays { get; } = new();

    /// <summary>Scans the batch's records from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    public void Scan(JobBatch batch, int start, int end)
    {
        Good.EnsureCapacity(end - start);
        for (var i = start; i < end; i++)
        {
            if (i - start == SampleRecords)
            {
                var expected = (long)Cells.Count * (end - start) / SampleRecords;
                Cells.EnsureCapacity((int)Math.Min(expected + expected / 8, Array.MaxLength));
            }
            var record = batch.Records[i];
            var first = Cells.Count;
            if (_scanner.TryScan(record, Cells, out var user, out var rejected))
            {
                Good.Add(new ScannedRecord(i, first, Cells.Count - first, user));
            }
            else
            {
                Rejected.Add(RecordParser.Letter(record, rejected));
            }
        }
    }

    /// <summary>Empties the shard for the next batch; slices of its text must not be used after this.</summary>
    public void Reset()
    {
        Cells.Clear();
        Good.Clear();
        Rejected.Clear();
        Text.Reset();
    }
}

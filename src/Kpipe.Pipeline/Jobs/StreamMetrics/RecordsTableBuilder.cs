using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>
/// Builds stream-metrics' <c>records</c> table column by column from a batch's scanned cells: every original field in
/// the type its column has, then the IP enrichment fields, window_start, partition and offset. Text stays UTF-8, in
/// slices of the records' bytes, the shard's <see cref="Utf8Arena"/> or its places, and columns in arrays reused from
/// batch to batch; nothing is allocated per record.
/// </summary>
internal static class RecordsTableBuilder
{
    private const int EnrichmentColumns = 7;

    // Slots for ReusedArrays: the record fields' columns use their index, the added columns these.
    private const int PartitionSlot = -1;
    private const int OffsetSlot = -2;
    private const int WindowStartSlot = -3;
    private const int NoEnrichmentSlot = -4;
    private const int EnrichmentSlot = -20;

    /// <summary>The columns added after the record's own fields: the enrichment fields first.</summary>
    public static readonly TableColumn[] AddedColumns =
    [
        new("hostname", ColumnType.String), new("city", ColumnType.String), new("region", ColumnType.String),
        new("country_geo", ColumnType.String), new("loc", ColumnType.String), new("postal", ColumnType.String),
        new("timezone", ColumnType.String), new("window_start", ColumnType.Timestamp), new("partition", ColumnType.Long),
        new("offset", ColumnType.Long),
    ];

    /// <summary>
    /// The table for the good records of <paramref name="batch"/>, with <paramref name="original"/> as the record fields'
    /// columns and <paramref name="located"/> (one per good record, or null when enrichment is off) as their IPs' details.
    /// The table holds arrays of <paramref name="arrays"/>: it is good until the next call.
    /// </summary>
    public static ColumnarTable Build(JobBatch batch, IReadOnlyList<TableColumn> original, FieldIds ids, List<ScannedRecord> good, List<JsonCell> cells, PlaceText?[]? located, ReusedArrays arrays)
    {
        var rows = good.Count;
        var columns = new ColumnValues[original.Count + AddedColumns.Length];
        // A schema restored from the checkpoint may name fields this process has not numbered yet.
        var fieldOf = original.Select(column => ids.IdOf(column.Name)).ToArray();
        var columnOf = new int[ids.Count];
        Array.Fill(columnOf, -1);
        for (var c = 0; c < fieldOf.Length; c++)
        {
            columnOf[fieldOf[c]] = c;
        }
        var texts = new ReadOnlyMemory<byte>?[]?[original.Count];
        var longs = new long?[]?[original.Count];
        var doubles = new double?[]?[original.Count];
        var flags = new bool?[]?[original.Count];
        for (var c = 0; c < original.Count; c++)
        {
            switch (original[c].Type)
            {
                case ColumnType.Long:
                    columns[c] = new ColumnValues<long>((longs[c] = arrays.Get<long?>(c, rows)).AsMemory(0, rows));
                    break;
                case ColumnType.Double:
                    columns[c] = new ColumnValues<double>((doubles[c] = arrays.Get<double?>(c, rows)).AsMemory(0, rows));
                    break;
                case ColumnType.Boolean:
                    columns[c] = new ColumnValues<bool>((flags[c] = arrays.Get<bool?>(c, rows)).AsMemory(0, rows));
                    break;
                default:
                    columns[c] = new ColumnValues<ReadOnlyMemory<byte>>((texts[c] = arrays.Get<ReadOnlyMemory<byte>?>(c, rows)).AsMemory(0, rows));
                    break;
            }
        }

        var types = original.Select(column => column.Type).ToArray();
        var partitions = arrays.Get<long?>(PartitionSlot, rows);
        var offsets = arrays.Get<long?>(OffsetSlot, rows);
        var span = CollectionsMarshal.AsSpan(cells);
        for (var row = 0; row < rows; row++)
        {
            var scanned = good[row];
            var record = batch.Records[scanned.Index];
            partitions[row] = record.Partition;
            offsets[row] = record.Offset;
            var bytes = record.Value;
            var value = bytes.Span;
            // Cells go in field order, so a repeated field's last value is the one kept, as JsonElement.TryGetProperty has it.
            foreach (ref readonly var cell in span.Slice(scanned.FirstCell, scanned.CellCount))
            {
                var c = columnOf[cell.Field];
                if (c < 0 || cell.Type is not { } type)
                {
                    continue;
                }
                // The schema only widens, so a column's type fits every cell in it: a long or boolean column holds only
                // its own kind, a double column numbers, and a text column any value (as its JSON text unless a string;
                // the scan kept the text of strings, objects and arrays, and a number's or boolean's is ASCII as it lies).
                switch (types[c])
                {
                    case ColumnType.Long:
                        var digits = value.Slice(cell.Start, cell.Length);
                        longs[c]![row] = Utf8Parser.TryParse(digits, out long integer, out var used) && used == digits.Length ? integer : null;
                        break;
                    case ColumnType.Double:
                        doubles[c]![row] = double.Parse(value.Slice(cell.Start, cell.Length), NumberStyles.Float, CultureInfo.InvariantCulture);
                        break;
                    case ColumnType.Boolean:
                        flags[c]![row] = value[cell.Start] == (byte)'t';
                        break;
                    default:
                        texts[c]![row] = type is ColumnType.String or ColumnType.Json ? cell.Text : bytes.Slice(cell.Start, cell.Length);
                        break;
                }
            }
        }

        var n = original.Count;
        for (var field = 0; field < EnrichmentColumns; field++)
        {
            // Without enrichment every one of these columns is the same all-null array.
            var values = located is null ? arrays.Get<ReadOnlyMemory<byte>?>(NoEnrichmentSlot, rows) : EnrichmentField(located, arrays.Get<ReadOnlyMemory<byte>?>(EnrichmentSlot - field, rows), rows, field);
            columns[n + field] = new ColumnValues<ReadOnlyMemory<byte>>(values.AsMemory(0, rows));
        }
        var windowStarts = arrays.Get<DateTimeOffset?>(WindowStartSlot, rows);
        Array.Fill(windowStarts, batch.Window.Start, 0, rows);
        columns[n + EnrichmentColumns] = new ColumnValues<DateTimeOffset>(windowStarts.AsMemory(0, rows));
        columns[n + EnrichmentColumns + 1] = new ColumnValues<long>(partitions.AsMemory(0, rows));
        columns[n + EnrichmentColumns + 2] = new ColumnValues<long>(offsets.AsMemory(0, rows));
        return new ColumnarTable(new TableSchema([.. original, .. AddedColumns]), columns);
    }

    private static ReadOnlyMemory<byte>?[] EnrichmentField(PlaceText?[] located, ReadOnlyMemory<byte>?[] values, int rows, int field)
    {
        for (var row = 0; row < rows; row++)
        {
            var info = located[row];
            var value = field switch
            {
                0 => info?.Hostname,
                1 => info?.City,
                2 => info?.Region,
                3 => info?.Country,
                4 => info?.Loc,
                5 => info?.Postal,
                _ => info?.Timezone,
            };
            values[row] = value;
        }
        return values;
    }
}

using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Tests.Sinks;

[Trait("Category", "Unit")]
public sealed class ColumnarTableTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"kpipe-columnar-{Guid.NewGuid():N}");

    [Fact]
    public void Rows_become_typed_columns_with_null_kept_apart_from_the_empty_string()
    {
        var schema = TableSchema.Of(("text", ColumnType.String), ("n", ColumnType.Long), ("at", ColumnType.Timestamp));
        var at = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

        var table = ColumnarTable.FromRows(schema, [["", 1L, at], [null, null, null]]);

        Assert.Equal(2, table.RowCount);
        var text = Assert.IsType<ColumnValues<ReadOnlyMemory<char>>>(table.Columns[0]).Values.Span;
        Assert.NotNull(text[0]);
        Assert.Equal(0, text[0]!.Value.Length);
        Assert.Null(text[1]);
        Assert.Equal([1L, null], Assert.IsType<ColumnValues<long>>(table.Columns[1]).Values.ToArray());
        Assert.Equal([at, null], Assert.IsType<ColumnValues<DateTimeOffset>>(table.Columns[2]).Values.ToArray());
    }

    [Fact]
    public void A_value_of_the_wrong_type_or_a_column_of_the_wrong_length_is_refused()
    {
        var schema = TableSchema.Of(("n", ColumnType.Long), ("m", ColumnType.Long));

        var wrongType = Assert.Throws<ArgumentException>(() => ColumnarTable.FromRows(schema, [["one", 1L]]));
        var wrongLength = Assert.Throws<ArgumentException>(() => new ColumnarTable(schema, [new ColumnValues<long>(new long?[2]), new ColumnValues<long>(new long?[3])]));
        var wrongElement = Assert.Throws<ArgumentException>(() => new ColumnarTable(schema, [new ColumnValues<long>(new long?[1]), new ColumnValues<double>(new double?[1])]));

        Assert.Contains("column n (Long) cannot hold a String", wrongType.Message);
        Assert.Contains("column m has 3 rows, not 2", wrongLength.Message);
        Assert.Contains("column m (Long) cannot hold", wrongElement.Message);
    }

    [Theory]
    [InlineData(OutputFormat.Json)]
    [InlineData(OutputFormat.Csv)]
    [InlineData(OutputFormat.Parquet)]
    public async Task Every_writer_reads_slices_of_a_longer_buffer_as_their_own_text(OutputFormat format)
    {
        var buffer = "alphabetagamma".ToCharArray();
        var schema = TableSchema.Of(("name", ColumnType.String), ("n", ColumnType.Long));
        var longs = new long?[] { 1, 2, 3, 99 };
        var table = new ColumnarTable(schema,
        [
            new ColumnValues<ReadOnlyMemory<char>>(new ReadOnlyMemory<char>?[] { buffer.AsMemory(0, 5), buffer.AsMemory(5, 4), null }),
            new ColumnValues<long>(longs.AsMemory(0, 3)),
        ]);
        var path = _path + format.Extension();

        await format.Writer().WriteAsync(path, table, CancellationToken.None);
        var rows = await TableFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(["alpha", "beta", null], rows.Select(r => TableFileReader.Text(r, "name")));
        Assert.Equal([1L, 2, 3], rows.Select(r => TableFileReader.Count(r, "n")));
    }

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(Path.GetTempPath(), Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }
}

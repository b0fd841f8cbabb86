using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Tests.Sinks;

[Trait("Category", "Unit")]
public sealed class CsvRoundTripTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"kpipe-csv-{Guid.NewGuid():N}.csv");

    [Fact]
    public async Task Csv_quotes_commas_quotes_and_line_breaks_per_RFC_4180_and_reads_back_the_same_values()
    {
        var schema = TableSchema.Of(("text", ColumnType.String), ("n", ColumnType.Long));
        object?[][] rows = [["plain", 1L], ["a,b", 2L], ["say \"hi\"", 3L], ["two\r\nlines", 4L], ["", 5L], [null, null]];

        await new CsvTableWriter().WriteAsync(_path, ColumnarTable.FromRows(schema, rows), CancellationToken.None);
        var text = await File.ReadAllTextAsync(_path);
        var back = await TableFileReader.ReadAsync(_path, CancellationToken.None);

        Assert.StartsWith("text,n\r\nplain,1\r\n\"a,b\",2\r\n\"say \"\"hi\"\"\",3\r\n\"two\r\nlines\",4\r\n\"\",5\r\n,\r\n", text);
        Assert.Equal(rows.Select(r => (string?)r[0]), back.Select(r => (string?)r["text"]));
        Assert.Equal([1L, 2, 3, 4, 5, 0], back.Select(r => TableFileReader.Count(r, "n")));
    }

    public void Dispose() => File.Delete(_path);
}

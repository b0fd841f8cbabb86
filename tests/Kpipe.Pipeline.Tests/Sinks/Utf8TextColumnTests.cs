using System.Text;
using Kpipe.Pipeline.Sinks;
using Kpipe.Testing;

namespace Kpipe.Pipeline.Tests.Sinks;

[Trait("Category", "Unit")]
public sealed class Utf8TextColumnTests : IDisposable
{
    private static readonly string?[] Texts = ["plain", "Δ é 日本 😀", "comma, \"quote\"\r\nline", "", null, "\uFFFD replaced", "tab\t\\ back"];
    private static readonly string?[] Json = ["""{"a":"é","b":[1,2]}""", "[\"Δ\"]", null, "{}", "[]", """{"x":null}""", """["😀"]"""];

    private readonly TempDirectory _dir = new();

    // Values in a small buffer and in one as large as a record buffer, which the Parquet writer reads where they lie.
    public static TheoryData<string, int> Writers() => new()
    {
        { "json", 0 }, { "csv", 0 }, { "parquet", 0 }, { "parquet", 1 << 20 }, { "parquet.net", 0 },
    };

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task A_utf8_text_column_is_written_byte_for_byte_as_the_same_text_in_chars(string writerName, int bufferBytes)
    {
        var writer = WriterOf(writerName);
        var asChars = Path.Combine(_dir.Path, "chars");
        var asUtf8 = Path.Combine(_dir.Path, "utf8");

        await writer.WriteAsync(asChars, Table(CharColumn(Texts), CharColumn(Json)), CancellationToken.None);
        await writer.WriteAsync(asUtf8, Table(Utf8Column(Texts, bufferBytes), Utf8Column(Json, bufferBytes)), CancellationToken.None);

        Assert.Equal(await File.ReadAllBytesAsync(asChars), await File.ReadAllBytesAsync(asUtf8));
    }

    [Theory]
    [InlineData(OutputFormat.Json)]
    [InlineData(OutputFormat.Csv)]
    [InlineData(OutputFormat.Parquet)]
    public async Task Utf8_slices_of_one_shared_buffer_read_back_as_their_own_text(OutputFormat format)
    {
        var path = Path.Combine(_dir.Path, "shared" + format.Extension());

        await format.Writer().WriteAsync(path, Table(Utf8Column(Texts), Utf8Column(Json)), CancellationToken.None);
        var rows = await TableFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal(Texts, rows.Select(r => TableFileReader.Text(r, "text")));
    }

    public void Dispose() => _dir.Dispose();

    private static ITableWriter WriterOf(string name) => name switch
    {
        "json" => new JsonLinesTableWriter(),
        "csv" => new CsvTableWriter(),
        "parquet" => new ParquetSharpTableWriter(),
        _ => new ParquetTableWriter(),
    };

    private static ColumnarTable Table(ColumnValues text, ColumnValues json) =>
        new(TableSchema.Of(("text", ColumnType.String), ("json", ColumnType.Json)), [text, json]);

    private static ColumnValues<ReadOnlyMemory<char>> CharColumn(string?[] values) =>
        new(values.Select(v => v is null ? (ReadOnlyMemory<char>?)null : v.AsMemory()).ToArray());

    // All values are slices of one buffer, as a job's are slices of the records' bytes.
    private static ColumnValues<ReadOnlyMemory<byte>> Utf8Column(string?[] values, int bufferBytes = 0)
    {
        var buffer = new byte[Math.Max(bufferBytes, values.Sum(v => v is null ? 0 : Encoding.UTF8.GetByteCount(v)) + 3)];
        var used = 3;
        var slices = new ReadOnlyMemory<byte>?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                var length = Encoding.UTF8.GetBytes(value, buffer.AsSpan(used));
                slices[i] = buffer.AsMemory(used, length);
                used += length;
            }
        }
        return new ColumnValues<ReadOnlyMemory<byte>>(slices);
    }
}

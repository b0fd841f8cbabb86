using System.Text;
using System.Text.Json;
using Kpipe.Pipeline.Records;

namespace Kpipe.Pipeline.Tests.Records;

[Trait("Category", "Unit")]
public sealed class JsonRecordReaderTests
{
    [Fact]
    public async Task Reads_each_element_of_a_json_array_as_its_raw_bytes()
    {
        var records = await ReadAllAsync("[{\"id\":1,\"a\":\"x\"},\n  {\"id\":2, \"b\": [1,2]}]");

        Assert.Equal(["{\"id\":1,\"a\":\"x\"}", "{\"id\":2, \"b\": [1,2]}"], records);
    }

    [Fact]
    public async Task Reads_json_lines_with_blank_lines_and_crlf()
    {
        var records = await ReadAllAsync("{\"id\":1}\r\n\r\n{\"id\":2}\n{\"id\":3}");

        Assert.Equal(["{\"id\":1}", "{\"id\":2}", "{\"id\":3}"], records);
    }

    [Theory]
    [InlineData("[{\"id\":1}]", JsonRecordFormat.Array)]
    [InlineData("  \n\t{\"id\":1}", JsonRecordFormat.Lines)]
    [InlineData("\uFEFF[{\"id\":1}]", JsonRecordFormat.Array)]
    public async Task Detects_the_format_from_the_first_non_blank_character(string content, JsonRecordFormat expected)
    {
        using var reader = new JsonRecordReader(Utf8(content));

        Assert.True(await reader.ReadAsync());
        Assert.Equal(expected, reader.Format);
    }

    [Fact]
    public async Task Keeps_nested_values_and_unicode_byte_exact()
    {
        const string record = "{\"id\":\"é-✓-😀\",\"nested\":{\"deep\":[{\"x\":null},true,1.5e3,\"\\u00e9\\n\"]}}";

        var records = await ReadAllAsync("[" + record + "]");

        Assert.Equal([record], records);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("[]")]
    [InlineData("[ \n ]")]
    public async Task An_empty_file_or_array_has_no_records(string content)
    {
        Assert.Empty(await ReadAllAsync(content));
    }

    [Theory]
    [InlineData("[{\"id\":1},\n{\"id\":2,}]", 2, 9)]
    [InlineData("{\"id\":1}\n{\"id\" 2}", 2, 7)]
    [InlineData("[{\"id\":1},\n {\"id\":2}\n", 3, 1)]
    [InlineData("[{\"id\":1},\n 42]", 2, 2)]
    [InlineData("\n\n  x", 3, 3)]
    [InlineData("{\"id\":1}\n[1]", 2, 1)]
    public async Task A_malformed_file_names_the_line_and_column(string content, long line, long column)
    {
        var error = await Assert.ThrowsAsync<JsonRecordFormatException>(() => ReadAllAsync(content));

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains($"line {line}, column {column}", error.Message);
    }

    [Fact]
    public async Task Errors_deep_in_a_large_file_report_the_absolute_line()
    {
        var content = new StringBuilder("[\n");
        for (var i = 0; i < 50_000; i++)
        {
            content.Append("{\"id\":").Append(i).Append(",\"pad\":\"").Append('x', 40).Append("\"},\n");
        }

        content.Append("{\"id\": oops}\n]");

        var error = await Assert.ThrowsAsync<JsonRecordFormatException>(() => ReadAllAsync(content.ToString(), chunk: 4096));

        Assert.Equal(50_002, error.Line);
        Assert.Equal(8, error.Column);
    }

    [Fact]
    public async Task Records_split_across_small_reads_come_out_whole()
    {
        var expected = Enumerable.Range(1, 300).Select(i => $"{{\"id\":{i},\"text\":\"{new string('a', i)}\"}}").ToList();

        var records = await ReadAllAsync("[" + string.Join(",\n", expected) + "]", chunk: 7);

        Assert.Equal(expected, records);
    }

    [Fact]
    public async Task A_huge_file_is_streamed_with_memory_bounded_by_the_largest_record()
    {
        const int count = 200_000;
        var stream = new GeneratedJsonLinesStream(count);
        using var reader = new JsonRecordReader(stream);
        var before = GC.GetAllocatedBytesForCurrentThread();
        long objects = 0;

        while (await reader.ReadAsync())
        {
            objects += reader.Current.Span[0] == (byte)'{' ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(count, reader.RecordCount);
        Assert.Equal(count, objects);
        Assert.True(stream.Position > 20_000_000, "the generated file should be tens of megabytes");
        Assert.True(allocated < 1024 * 1024, $"reading {stream.Position} bytes allocated {allocated} bytes; it must not buffer the file or allocate per record");
    }

    [Fact]
    public async Task A_record_larger_than_the_limit_is_an_error()
    {
        var content = "[{\"id\":1,\"big\":\"" + new string('x', 300_000) + "\"}]";

        var error = await Assert.ThrowsAsync<JsonRecordFormatException>(() => ReadAllAsync(content, maxRecordBytes: 128 * 1024));

        Assert.Contains("larger than", error.Problem);
    }

    [Fact]
    public async Task Each_record_is_valid_json_on_its_own()
    {
        foreach (var record in await ReadAllAsync("[{\"id\":1,\"v\":{\"w\":[1,{\"z\":2}]}},{\"id\":2}]"))
        {
            using var document = JsonDocument.Parse(record);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        }
    }

    private static async Task<List<string>> ReadAllAsync(string content, int chunk = 0, int maxRecordBytes = 64 * 1024 * 1024)
    {
        Stream stream = Utf8(content);
        if (chunk > 0)
        {
            stream = new TrickleStream(stream, chunk);
        }

        using var reader = new JsonRecordReader(stream, maxRecordBytes);
        var records = new List<string>();
        while (await reader.ReadAsync())
        {
            records.Add(Encoding.UTF8.GetString(reader.Current.Span));
        }

        return records;
    }

    private static MemoryStream Utf8(string content) => new(Encoding.UTF8.GetBytes(content));
}

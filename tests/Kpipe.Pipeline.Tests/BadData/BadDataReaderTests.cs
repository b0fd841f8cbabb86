using Kpipe.Pipeline.Records;
using Kpipe.Testing.BadData;

namespace Kpipe.Pipeline.Tests.BadData;

[Trait("Category", "Unit")]
public sealed class BadDataReaderTests
{
    [Theory]
    [MemberData(nameof(CorpusKinds.Names), MemberType = typeof(CorpusKinds))]
    public async Task Each_kind_yields_every_reachable_record_and_one_error_per_broken_piece(string kind)
    {
        var file = CorpusKinds.File(kind);

        var (records, skipped, fatal) = await CorpusKinds.ReadAsync(file.Bytes);

        Assert.Equal(file.Good + file.MetricsInvalid + file.Unparseable - file.Unreachable, records.Count);
        Assert.Equal(file.Broken, skipped.Count + (fatal is null ? 0 : 1));
        Assert.All(skipped.Append(fatal).OfType<JsonRecordFormatException>(), e => Assert.True(e.Line >= 1 && e.Column >= 1, e.Message));
    }

    [Fact]
    public async Task A_bad_json_line_is_skipped_and_reading_resumes_at_the_next_line_with_true_positions()
    {
        var text = "{\"id\":1}\n{\"id\":2}\n42\n{\"id\":3,\"x\":tru}\n\0\0\n{\"id\":4}\r\n{\"id\":5}\n"u8.ToArray();

        var (records, skipped, fatal) = await CorpusKinds.ReadAsync(text);

        Assert.Null(fatal);
        Assert.Equal(["{\"id\":1}", "{\"id\":2}", "{\"id\":4}", "{\"id\":5}"], records.Select(r => System.Text.Encoding.UTF8.GetString(r)));
        Assert.Equal([(3L, 1L), (4L, 16L), (5L, 1L)], skipped.Select(e => (e.Line, e.Column)));
        Assert.Contains("expected a JSON object, found a number", skipped[0].Message);
    }

    [Fact]
    public async Task A_record_that_is_not_utf8_is_skipped_in_an_array_too_with_the_position_of_the_bad_byte()
    {
        byte[] text = [.. "[{\"id\":1},\n{\"id\":2,\"n\":\"a"u8, 0xFF, .. "\"},\n{\"id\":3}]"u8];

        var (records, skipped, fatal) = await CorpusKinds.ReadAsync(text);

        Assert.Null(fatal);
        Assert.Equal(2, records.Count);
        var error = Assert.Single(skipped);
        Assert.Equal((2L, 15L), (error.Line, error.Column));
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Fact]
    public async Task A_syntax_error_in_a_json_array_ends_the_file_after_the_records_before_it()
    {
        var file = BadDataCorpus.ArraySyntaxError(10, 1);

        var (records, skipped, fatal) = await CorpusKinds.ReadAsync(file.Bytes);

        Assert.Equal(5, records.Count);
        Assert.Empty(skipped);
        Assert.NotNull(fatal);
        Assert.False(fatal.Resumable);
        Assert.Equal(7, fatal.Line);
    }

    [Fact]
    public async Task A_record_nested_ten_thousand_levels_is_read_whole_for_the_jobs_to_judge()
    {
        var file = BadDataCorpus.DeepNesting(2, 1);

        var (records, skipped, fatal) = await CorpusKinds.ReadAsync(file.Bytes);

        Assert.Null(fatal);
        Assert.Empty(skipped);
        Assert.Equal(3, records.Count);
        Assert.Contains(records, r => r.Length > 2 * BadDataCorpus.NestingDepth);
    }
}

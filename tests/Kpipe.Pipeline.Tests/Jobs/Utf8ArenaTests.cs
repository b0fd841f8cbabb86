using System.Text;
using System.Text.Json;
using Kpipe.Pipeline.Jobs.StreamMetrics;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Unit")]
public sealed class Utf8ArenaTests
{
    [Fact]
    public void Unescapes_strings_to_the_utf8_of_the_text_the_json_reader_reads()
    {
        var arena = new Utf8Arena();
        var json = Encoding.UTF8.GetBytes("""["a\"b\\c\u00e9", "Zürich ☃", "", "\ud83d\ude00"]""");
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var unescaped = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            unescaped.Add(Encoding.UTF8.GetString(arena.Unescape(ref reader).Span));
        }

        Assert.Equal(["a\"b\\cé", "Zürich ☃", "", "😀"], unescaped);
    }

    [Fact]
    public void Repairs_invalid_bytes_as_decoding_and_encoding_again_would()
    {
        var arena = new Utf8Arena();
        byte[] invalid = [(byte)'a', 0xFF, (byte)'b', 0xC3];

        var repaired = arena.Repair(invalid);

        Assert.Equal(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(invalid)), repaired.ToArray());
        Assert.Equal("a\uFFFDb\uFFFD", Encoding.UTF8.GetString(repaired.Span));
    }

    [Fact]
    public void Slices_of_one_batch_stay_intact_across_buffers_and_a_long_value_fits_whole()
    {
        var arena = new Utf8Arena();
        var values = Enumerable.Range(0, 100_000).Select(i => $"value-{i}-é").ToArray();
        var slices = values.Select(arena.Copy).ToArray();
        var longText = new string('x', 1 << 20);
        var longSlice = arena.Copy(longText);

        Assert.Equal(values, slices.Select(s => Encoding.UTF8.GetString(s.Span)));
        Assert.Equal(longText, Encoding.UTF8.GetString(longSlice.Span));
    }

    [Fact]
    public void After_a_reset_the_buffers_are_written_again_from_the_start()
    {
        var arena = new Utf8Arena();
        var before = arena.Copy("first");
        arena.Reset();
        var after = arena.Copy("again");

        Assert.Equal("again", Encoding.UTF8.GetString(after.Span));
        Assert.Equal("again", Encoding.UTF8.GetString(before.Span));
    }
}

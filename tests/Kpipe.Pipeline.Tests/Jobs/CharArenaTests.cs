using System.Text;
using System.Text.Json;
using Kpipe.Pipeline.Jobs.StreamMetrics;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Unit")]
public sealed class CharArenaTests
{
    [Fact]
    public void Decodes_escaped_and_non_ascii_strings_as_the_json_reader_does()
    {
        var arena = new CharArena();
        var json = Encoding.UTF8.GetBytes("""["a\"b\\c\u00e9", "Zürich ☃", ""]""");
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var decoded = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            decoded.Add(arena.Decode(ref reader).ToString());
        }

        Assert.Equal(["a\"b\\cé", "Zürich ☃", ""], decoded);
    }

    [Fact]
    public void Slices_of_one_batch_stay_intact_across_buffers_and_a_long_value_fits_whole()
    {
        var arena = new CharArena();
        var values = Enumerable.Range(0, 100_000).Select(i => $"value-{i}").ToArray();
        var slices = values.Select(v => arena.Decode(Encoding.UTF8.GetBytes(v))).ToArray();
        var longText = new string('x', 1 << 20);
        var longSlice = arena.Decode(Encoding.UTF8.GetBytes(longText));

        Assert.Equal(values, slices.Select(s => s.ToString()));
        Assert.Equal(longText, longSlice.ToString());
    }

    [Fact]
    public void After_a_reset_the_buffers_are_written_again_from_the_start()
    {
        var arena = new CharArena();
        var before = arena.Decode("first"u8);
        arena.Reset();
        var after = arena.Decode("again"u8);

        Assert.Equal("again", after.ToString());
        Assert.Equal("again", before.ToString());
    }
}

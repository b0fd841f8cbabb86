using System.Text;
using Kpipe.Pipeline.Records;

namespace Kpipe.Pipeline.Tests.Records;

[Trait("Category", "Unit")]
public sealed class RecordKeyTests
{
    [Theory]
    [InlineData("{\"id\":42,\"name\":\"x\"}", "42")]
    [InlineData("{\"name\":\"x\",\"id\":\"abc\"}", "abc")]
    [InlineData("{\"id\":\"caf\\u00e9 \\\"q\\\"\"}", "café \"q\"")]
    [InlineData("{\"id\":-1.5e3}", "-1.5e3")]
    [InlineData("{\"id\":true}", "true")]
    [InlineData("{\"id\":{\"a\": [1, 2]}}", "{\"a\": [1, 2]}")]
    [InlineData("{\"nested\":{\"id\":7},\"id\":8}", "8")]
    public void The_key_is_the_id_as_json_text_with_strings_unquoted(string record, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(RecordKey.Extract(Encoding.UTF8.GetBytes(record))!));
    }

    [Theory]
    [InlineData("{\"name\":\"x\"}")]
    [InlineData("{\"id\":null}")]
    [InlineData("{\"nested\":{\"id\":7}}")]
    public void A_record_without_an_id_has_no_key(string record)
    {
        Assert.Null(RecordKey.Extract(Encoding.UTF8.GetBytes(record)));
    }
}

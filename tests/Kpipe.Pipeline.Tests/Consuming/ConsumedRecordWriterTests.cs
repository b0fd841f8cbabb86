using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Kpipe.Pipeline.Consuming;

namespace Kpipe.Pipeline.Tests.Consuming;

[Trait("Category", "Unit")]
public sealed class ConsumedRecordWriterTests
{
    [Fact]
    public void A_json_value_is_embedded_as_json_with_position_key_and_timestamp()
    {
        var line = WriteOne("7", "{\"id\":7,\"name\":\"Zoë\"}", new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc));

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.Equal("users", root.GetProperty("topic").GetString());
        Assert.Equal(2, root.GetProperty("partition").GetInt32());
        Assert.Equal(41, root.GetProperty("offset").GetInt64());
        Assert.Equal("2024-05-06T07:08:09.123Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("7", root.GetProperty("key").GetString());
        Assert.Equal("Zoë", root.GetProperty("value").GetProperty("name").GetString());
        Assert.EndsWith("\n", line);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("{\"broken\":")]
    [InlineData("{} trailing")]
    public void A_value_that_is_not_json_is_written_as_a_string(string value)
    {
        using var document = JsonDocument.Parse(WriteOne(null, value, DateTime.UnixEpoch));

        Assert.Equal(value, document.RootElement.GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("key").ValueKind);
    }

    [Fact]
    public void Null_values_are_json_null()
    {
        using var document = JsonDocument.Parse(WriteOne("k", null, DateTime.UnixEpoch));

        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("value").ValueKind);
    }

    private static string WriteOne(string? key, string? value, DateTime timestamp)
    {
        using var output = new MemoryStream();
        using (var writer = new ConsumedRecordWriter(output))
        {
            writer.Write(new ConsumeResult<byte[]?, byte[]?>
            {
                TopicPartitionOffset = new TopicPartitionOffset("users", 2, 41),
                Message = new Message<byte[]?, byte[]?>
                {
                    Key = key is null ? null : Encoding.UTF8.GetBytes(key),
                    Value = value is null ? null : Encoding.UTF8.GetBytes(value),
                    Timestamp = new Timestamp(timestamp),
                },
            });
            writer.Flush();
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }
}

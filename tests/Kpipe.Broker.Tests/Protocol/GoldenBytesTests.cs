using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>Encodings checked byte by byte against values computed by hand from the protocol schemas.</summary>
[Trait("Category", "Unit")]
public sealed class GoldenBytesTests
{
    private static readonly ApiVersionRange[] OnlyApiVersions = [new(ApiKey.ApiVersions, 0, 3, 3)];

    [Fact]
    public void ApiVersions_v0_response_is_error_code_then_int32_counted_array()
    {
        AssertBytes(w => new ApiVersionsApi.Response(ErrorCode.None, OnlyApiVersions).Write(w, 0),
            "0000" + "00000001" + "0012" + "0000" + "0003");
    }

    [Fact]
    public void ApiVersions_v3_response_uses_compact_array_tags_and_throttle_time()
    {
        AssertBytes(w => new ApiVersionsApi.Response(ErrorCode.None, OnlyApiVersions).Write(w, 3),
            "0000" + "02" + "0012" + "0000" + "0003" + "00" + "00000000" + "00");
    }

    [Fact]
    public void ApiVersions_v3_request_header_keeps_a_classic_client_id_and_adds_tags()
    {
        AssertBytes(w => new RequestHeader(ApiKey.ApiVersions, 3, 7, "abc").Write(w, flexible: true),
            "0012" + "0003" + "00000007" + "0003616263" + "00");
    }

    [Fact]
    public void ApiVersions_response_header_is_v0_even_when_the_body_is_flexible()
    {
        AssertBytes(w => ResponseHeader.Write(w, ApiKey.ApiVersions, 3, 7), "00000007");
        AssertBytes(w => ResponseHeader.Write(w, ApiKey.Metadata, 9, 7), "00000007" + "00");
    }

    [Fact]
    public void Metadata_v0_request_lists_topics_as_int16_strings()
    {
        AssertBytes(w => new MetadataApi.Request([new("ab")]).Write(w, 0), "00000001" + "0002" + "6162");
    }

    [Fact]
    public void Metadata_v0_response_has_brokers_and_topics_without_later_fields()
    {
        var response = new MetadataApi.Response(
            [new(1, "h", 9092)], "ignored-in-v0", 1,
            [new(ErrorCode.None, "t", Guid.NewGuid(), false, [new(ErrorCode.None, 0, 1, -1, [1], [1], [])])]);
        AssertBytes(w => response.Write(w, 0),
            "00000001" + "00000001" + "000168" + "00002384"
            + "00000001" + "0000" + "000174" + "00000001" + "0000" + "00000000" + "00000001" + "0000000100000001" + "0000000100000001");
    }

    [Fact]
    public void Produce_v3_request_has_nullable_transactional_id_and_int32_sized_records()
    {
        var request = new ProduceApi.Request(null, -1, 1000, [new("t", [new(0, new byte[] { 0xAA, 0xBB })])]);
        AssertBytes(w => request.Write(w, 3),
            "FFFF" + "FFFF" + "000003E8" + "00000001" + "000174" + "00000001" + "00000000" + "00000002" + "AABB");
    }

    [Fact]
    public void Unsigned_varints_use_seven_bits_per_byte_least_significant_first()
    {
        AssertBytes(w => w.WriteUnsignedVarInt(300), "AC02");
        AssertBytes(w => w.WriteUnsignedVarInt(uint.MaxValue), "FFFFFFFF0F");
    }

    private static void AssertBytes(Action<KafkaWriter> write, string expectedHex)
    {
        using var writer = new KafkaWriter();
        write(writer);
        Assert.Equal(expectedHex, Convert.ToHexString(writer.WrittenSpan));
    }
}

using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol.Golden;

/// <summary>
/// Requests captured from real clients (librdkafka, KafkaJS, kafka-python) and a few written by hand from the schemas,
/// read by kpipe's decoders: every byte consumed, and each field equal to what a schema-driven decoder independent of
/// kpipe read from the same bytes (the fixture's expect lines). See README.md beside this file.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GoldenRequestTests
{
    public static TheoryData<string> Fixtures() => new(GoldenFixture.All());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Kpipe_decodes_the_captured_request_exactly(string fixture)
    {
        var golden = GoldenFixture.Load(fixture);
        var key = Enum.Parse<ApiKey>(golden.Api);

        Assert.True(GoldenCodec.TryDecodeHeader(golden.Header, out var headerKey, out var headerVersion, out _, out var headerBytes));
        Assert.Equal((key, golden.Version), (headerKey, headerVersion));
        Assert.Equal(golden.Header.Length, headerBytes);

        Assert.True(GoldenCodec.TryDecodeRequest(key, golden.Version, golden.Body, out var request, out var consumed), $"{fixture}: decoder failed");
        Assert.Equal(golden.Body.Length - golden.Trailing, consumed);
        Assert.All(golden.Body[consumed..], b => Assert.Equal(0, b));
        Assert.True(golden.Expected.Count > 0 || golden.Body.Length == 0, $"{fixture}: a non-empty body with no expect lines");
        var view = GoldenCodec.View(request);
        foreach (var (field, expected) in golden.Expected)
        {
            Assert.True(view.TryGetValue(field, out var actual), $"{fixture}: kpipe's view has no '{field}'");
            Assert.True(expected == actual, $"{fixture}: {field} is '{actual}', the client sent '{expected}'");
        }
    }

    [Fact]
    public void Every_fixture_is_a_served_version()
    {
        var unserved = GoldenFixture.All().Select(GoldenFixture.Load)
            .Where(f => !GoldenCodec.IsServed(Enum.Parse<ApiKey>(f.Api), f.Version))
            .Select(f => f.Name);
        Assert.Empty(unserved);
    }
}

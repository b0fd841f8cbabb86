using Kpipe.Pipeline.Producing;
using Kpipe.Pipeline.Tests.Producing;
using Kpipe.Testing.BadData;

namespace Kpipe.Pipeline.Tests.BadData;

[Trait("Category", "Unit")]
public sealed class BadDataProduceTests : IDisposable
{
    private readonly TempDirectory _directory = new("kpipe-bad-produce-");

    [Theory]
    [MemberData(nameof(CorpusKinds.Names), MemberType = typeof(CorpusKinds))]
    public async Task Each_kind_sends_every_good_record_around_the_damage_and_counts_what_it_could_not_send(string kind)
    {
        var file = CorpusKinds.File(kind);
        var path = _directory.File(kind + ".json");
        await File.WriteAllBytesAsync(path, file.Bytes);
        var producer = new FakeProducer(maxMessageBytes: 1_000_000);

        var summary = await new FileProducer(producer, TimeProvider.System).ProduceAsync(path, new FileProducerOptions { Topic = "t" }, null, CancellationToken.None);

        Assert.Equal(file.DeliveredWithDefaultLimits, summary.Delivered);
        Assert.Equal(file.Broken, summary.Skipped + (summary.FormatError is null ? 0 : 1));
        Assert.Equal(file.Oversized, summary.Oversized);
        Assert.Equal(file.Broken == 0 && file.Oversized == 0, summary.Succeeded);
    }

    [Fact]
    public async Task A_record_over_message_max_bytes_is_refused_with_its_line_and_size_and_the_rest_are_sent()
    {
        var file = BadDataCorpus.BigRecord(4, 1);
        var path = _directory.File("big.json");
        await File.WriteAllBytesAsync(path, file.Bytes);
        var producer = new FakeProducer(maxMessageBytes: 1_000_000);

        var summary = await new FileProducer(producer, TimeProvider.System).ProduceAsync(path, new FileProducerOptions { Topic = "t" }, null, CancellationToken.None);

        Assert.Equal((4L, 1L), (summary.Delivered, summary.Oversized));
        Assert.Equal((3L, BadDataCorpus.BigRecordBytes), summary.FirstOversized);
        Assert.False(summary.Succeeded);
    }

    public void Dispose() => _directory.Dispose();
}

using System.Text;
using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Tests.Integration;
using Kpipe.Broker.Tests.Protocol;

namespace Kpipe.Broker.Tests.Server;

/// <summary>Fetch reads records into pooled arrays and hands them back once written: every response must still carry its own bytes.</summary>
[Trait("Category", TestCategories.Integration)]
public sealed class FetchReadBufferTests : IAsyncLifetime
{
    private const int Partitions = 3;
    private const int BatchesPerPartition = 20;
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await TestBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task Pipelined_fetches_on_one_connection_each_answer_with_the_records_of_their_own_partition_and_offset()
    {
        Assert.Equal(ErrorCode.None, _broker.Broker.Topics.CreateTopic("pooled", Partitions, 1, new Dictionary<string, string?>(), false).Error);
        for (var p = 0; p < Partitions; p++)
        {
            var log = _broker.Broker.Topics.GetLog("pooled", p)!;
            for (var b = 0; b < BatchesPerPartition; b++)
            {
                log.Append(TestBatches.OfValues(Value(p, b, 0), Value(p, b, 1)));
            }
        }

        // Each request reads every partition at a different offset, with a limit that cuts the read at a batch edge.
        var frames = new List<byte[]>();
        for (var i = 0; i < BatchesPerPartition; i++)
        {
            var at = i;
            var partitions = Enumerable.Range(0, Partitions).Select(p => new FetchApi.Request.Partition(p, -1, 2L * ((at + p) % BatchesPerPartition), -1, -1, 1 << 20)).ToList();
            var request = new FetchApi.Request(-1, 0, 1, 1 << 20, 0, 0, -1, [new("pooled", partitions)]);
            frames.Add(RawPeer.Frame(ApiKey.Fetch, 12, 100 + i, request.Write));
        }

        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        await peer.SendAsync([.. frames]);
        for (var i = 0; i < BatchesPerPartition; i++)
        {
            var (correlationId, body) = await peer.ReceiveAsync();
            Assert.Equal(100 + i, correlationId);
            var reader = new KafkaReader(body);
            reader.SkipTaggedFields(true);
            var response = FetchApi.Response.Read(ref reader, 12);
            Assert.False(reader.Failed);
            foreach (var partition in response.Topics[0].Partitions)
            {
                var first = (i + partition.PartitionIndex) % BatchesPerPartition;
                var expected = Enumerable.Range(first, BatchesPerPartition - first).SelectMany(b => new[] { Value(partition.PartitionIndex, b, 0), Value(partition.PartitionIndex, b, 1) });
                Assert.Equal(ErrorCode.None, partition.ErrorCode);
                Assert.Equal(expected, TestBatches.Decode(partition.Records.Span).Select(r => Encoding.UTF8.GetString(r.Value!)));
            }
        }
    }

    private static string Value(int partition, int batch, int record) => $"p{partition}-b{batch}-r{record}-{new string((char)('a' + batch), 40 + (17 * partition))}";
}

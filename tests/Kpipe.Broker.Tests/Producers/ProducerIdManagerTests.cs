using Kpipe.Broker.Producers;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Producers;

[Trait("Category", "Unit")]
public sealed class ProducerIdManagerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kpipe-producers-").FullName;

    [Fact]
    public void Each_idempotent_producer_gets_a_new_id_with_epoch_zero_and_ids_stay_unique_after_a_restart()
    {
        var before = new ProducerIdManager(_directory);
        var first = before.InitProducerId(null);
        var second = before.InitProducerId(null);

        var after = new ProducerIdManager(_directory).InitProducerId(null);

        Assert.Equal((ErrorCode.None, (short)0), (first.Error, first.ProducerEpoch));
        Assert.True(second.ProducerId > first.ProducerId);
        Assert.True(after.ProducerId > second.ProducerId);
        Assert.Equal(0, after.ProducerEpoch);
    }

    [Fact]
    public void A_transactional_id_is_left_to_the_transaction_coordinator()
    {
        var manager = new ProducerIdManager(_directory);

        Assert.Equal(ErrorCode.InvalidRequest, manager.InitProducerId("").Error);
        Assert.Equal(ErrorCode.InvalidRequest, manager.InitProducerId("txn-1").Error);
    }

    [Fact]
    public void A_corrupt_id_file_stops_the_broker_with_a_clear_message()
    {
        new ProducerIdManager(_directory).InitProducerId(null);
        File.WriteAllText(Path.Combine(_directory, "__producer_ids", "next-block"), "garbage");

        var error = Assert.Throws<IOException>(() => new ProducerIdManager(_directory));

        Assert.Contains("garbage", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

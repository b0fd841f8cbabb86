using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>Pins the wire values of the protocol enums: renumbering one would silently break every client.</summary>
[Trait("Category", "Unit")]
public sealed class WireEnumTests
{
    [Theory]
    [InlineData(ApiKey.Produce, 0)]
    [InlineData(ApiKey.Fetch, 1)]
    [InlineData(ApiKey.ListOffsets, 2)]
    [InlineData(ApiKey.Metadata, 3)]
    [InlineData(ApiKey.OffsetCommit, 8)]
    [InlineData(ApiKey.OffsetFetch, 9)]
    [InlineData(ApiKey.FindCoordinator, 10)]
    [InlineData(ApiKey.JoinGroup, 11)]
    [InlineData(ApiKey.Heartbeat, 12)]
    [InlineData(ApiKey.LeaveGroup, 13)]
    [InlineData(ApiKey.SyncGroup, 14)]
    [InlineData(ApiKey.DescribeGroups, 15)]
    [InlineData(ApiKey.ListGroups, 16)]
    [InlineData(ApiKey.SaslHandshake, 17)]
    [InlineData(ApiKey.ApiVersions, 18)]
    [InlineData(ApiKey.CreateTopics, 19)]
    [InlineData(ApiKey.DeleteTopics, 20)]
    [InlineData(ApiKey.DeleteRecords, 21)]
    [InlineData(ApiKey.InitProducerId, 22)]
    [InlineData(ApiKey.OffsetForLeaderEpoch, 23)]
    [InlineData(ApiKey.AddPartitionsToTxn, 24)]
    [InlineData(ApiKey.AddOffsetsToTxn, 25)]
    [InlineData(ApiKey.EndTxn, 26)]
    [InlineData(ApiKey.TxnOffsetCommit, 28)]
    [InlineData(ApiKey.DescribeConfigs, 32)]
    [InlineData(ApiKey.AlterConfigs, 33)]
    [InlineData(ApiKey.SaslAuthenticate, 36)]
    [InlineData(ApiKey.CreatePartitions, 37)]
    [InlineData(ApiKey.DeleteGroups, 42)]
    [InlineData(ApiKey.IncrementalAlterConfigs, 44)]
    [InlineData(ApiKey.OffsetDelete, 47)]
    [InlineData(ApiKey.DescribeUserScramCredentials, 50)]
    [InlineData(ApiKey.AlterUserScramCredentials, 51)]
    [InlineData(ApiKey.DescribeCluster, 60)]
    public void Api_key_has_its_kafka_wire_value(ApiKey key, short value) => Assert.Equal(value, (short)key);

    [Fact]
    public void Every_api_key_is_pinned()
    {
        Assert.Equal(34, Enum.GetValues<ApiKey>().Length);
    }

    [Theory]
    [InlineData(ErrorCode.UnknownServerError, -1)]
    [InlineData(ErrorCode.None, 0)]
    [InlineData(ErrorCode.OffsetOutOfRange, 1)]
    [InlineData(ErrorCode.CorruptMessage, 2)]
    [InlineData(ErrorCode.UnknownTopicOrPartition, 3)]
    [InlineData(ErrorCode.LeaderNotAvailable, 5)]
    [InlineData(ErrorCode.MessageTooLarge, 10)]
    [InlineData(ErrorCode.InvalidTopicException, 17)]
    [InlineData(ErrorCode.InvalidRequiredAcks, 21)]
    [InlineData(ErrorCode.UnsupportedVersion, 35)]
    [InlineData(ErrorCode.TopicAlreadyExists, 36)]
    [InlineData(ErrorCode.InvalidPartitions, 37)]
    [InlineData(ErrorCode.InvalidReplicationFactor, 38)]
    [InlineData(ErrorCode.InvalidReplicaAssignment, 39)]
    [InlineData(ErrorCode.InvalidConfig, 40)]
    [InlineData(ErrorCode.InvalidRequest, 42)]
    [InlineData(ErrorCode.PolicyViolation, 44)]
    [InlineData(ErrorCode.InvalidTxnState, 48)]
    [InlineData(ErrorCode.InvalidProducerIdMapping, 49)]
    [InlineData(ErrorCode.InvalidTransactionTimeout, 50)]
    [InlineData(ErrorCode.OperationNotAttempted, 55)]
    [InlineData(ErrorCode.KafkaStorageError, 56)]
    [InlineData(ErrorCode.ProducerFenced, 90)]
    [InlineData(ErrorCode.InvalidRecord, 87)]
    [InlineData(ErrorCode.ResourceNotFound, 91)]
    [InlineData(ErrorCode.DuplicateResource, 92)]
    [InlineData(ErrorCode.UnacceptableCredential, 93)]
    [InlineData(ErrorCode.UnknownTopicId, 100)]
    public void Error_code_has_its_kafka_wire_value(ErrorCode code, short value) => Assert.Equal(value, (short)code);
}

namespace Kpipe.Broker.Apis;

/// <summary>A manual replica assignment in CreateTopics: the brokers that hold one partition's replicas.</summary>
/// <param name="PartitionIndex">The partition.</param>
/// <param name="BrokerIds">The brokers holding its replicas, leader first.</param>
public sealed record ReplicaAssignment(int PartitionIndex, IReadOnlyList<int> BrokerIds);

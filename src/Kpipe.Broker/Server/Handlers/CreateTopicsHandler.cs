using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// CreateTopics v3–4 (v4 only relaxes client-side defaults). validate_only is honoured; -1 partitions or
/// replication means the broker default; a replication factor above 1 gets INVALID_REPLICATION_FACTOR
/// ("single node"). We do not accept manual replica assignments (INVALID_REPLICA_ASSIGNMENT) and do not
/// serve v5+ (which would echo configs back).
/// </summary>
internal sealed class CreateTopicsHandler(BrokerContext context)
{
    /// <summary>Creates (or validates) each topic.</summary>
    public CreateTopicsResponse Handle(CreateTopicsRequest request)
    {
        var results = new CreateTopicsResponse.Topic[request.Topics.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var topic = request.Topics[i];
            if (topic.AssignmentCount > 0)
            {
                results[i] = new CreateTopicsResponse.Topic(topic.Name, ErrorCode.InvalidReplicaAssignment, "manual replica assignment is not supported on a single-node broker; give num_partitions instead");
                continue;
            }

            var configs = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, value) in topic.Configs)
            {
                configs[key] = value;
            }

            var outcome = context.Topics.CreateTopic(topic.Name, topic.NumPartitions, topic.ReplicationFactor, configs, request.ValidateOnly);
            results[i] = new CreateTopicsResponse.Topic(topic.Name, outcome.Error, outcome.Message);
        }

        return new CreateTopicsResponse(results);
    }
}

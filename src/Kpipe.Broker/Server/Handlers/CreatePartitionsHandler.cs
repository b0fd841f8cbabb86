using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// CreatePartitions v0–2 (v1 same shape, v2 flexible encoding): raises a topic's partition count;
/// a count at or below the current one gets INVALID_PARTITIONS. Manual assignments are refused
/// (INVALID_REPLICA_ASSIGNMENT): every partition lives on this node.
/// </summary>
internal sealed class CreatePartitionsHandler(BrokerContext context)
{
    /// <summary>Raises each topic's partition count (or validates it).</summary>
    public CreatePartitionsResponse Handle(CreatePartitionsRequest request)
    {
        var results = new CreatePartitionsResponse.Result[request.Topics.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var topic = request.Topics[i];
            var outcome = topic.HasAssignments
                ? new Metadata.TopicOutcome(ErrorCode.InvalidReplicaAssignment, "manual replica assignment is not supported on a single-node broker")
                : context.Topics.CreatePartitions(topic.Name, topic.Count, request.ValidateOnly);
            results[i] = new CreatePartitionsResponse.Result(topic.Name, outcome.Error, outcome.Message);
        }

        return new CreatePartitionsResponse(results);
    }
}

using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// DeleteTopics v1–4 (v1 adds throttle time, v4 flexible encoding). Deletes each named topic and its data.
/// We do not serve v5+ (error messages) or v6 (delete by topic id).
/// </summary>
internal sealed class DeleteTopicsHandler(BrokerContext context)
{
    /// <summary>Deletes each topic.</summary>
    public DeleteTopicsResponse Handle(DeleteTopicsRequest request)
    {
        var results = new DeleteTopicsResponse.Topic[request.TopicNames.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new DeleteTopicsResponse.Topic(request.TopicNames[i], context.Topics.DeleteTopic(request.TopicNames[i]).Error);
        }

        return new DeleteTopicsResponse(results);
    }
}

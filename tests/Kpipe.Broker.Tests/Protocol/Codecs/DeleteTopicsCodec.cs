using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of DeleteTopics, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class DeleteTopicsCodec
{
    extension(DeleteTopicsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = DeleteTopicsApi.Versions.IsFlexible(version);
            w.WriteArrayLength(request.TopicNames.Count, flex);
            foreach (var name in request.TopicNames)
            {
                w.WriteString(name, flex);
            }

            w.WriteInt32(request.TimeoutMs);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(DeleteTopicsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, DeleteTopicsApi.Versions.At(version));
    }

    extension(DeleteTopicsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static DeleteTopicsApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = DeleteTopicsApi.Versions.IsFlexible(version);
            var throttle = r.ReadInt32();
            var topics = new DeleteTopicsApi.Response.Topic[r.ReadArrayCount(flex)];
            for (var i = 0; i < topics.Length; i++)
            {
                topics[i] = new DeleteTopicsApi.Response.Topic(r.ReadString(flex), (ErrorCode)r.ReadInt16());
                r.SkipTaggedFields(flex);
            }

            r.SkipTaggedFields(flex);
            return new DeleteTopicsApi.Response(topics, throttle);
        }
    }
}

using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of OffsetDelete, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class OffsetDeleteCodec
{
    extension(OffsetDeleteApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            w.WriteString(request.GroupId, false);
            w.WriteArrayLength(request.Topics.Count, false);
            foreach (var topic in request.Topics)
            {
                w.WriteString(topic.Name, false);
                w.WriteInt32Array(topic.PartitionIndexes, false);
            }
        }
    }

    extension(OffsetDeleteApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, OffsetDeleteApi.Versions.At(version));
    }

    extension(OffsetDeleteApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static OffsetDeleteApi.Response Read(ref KafkaReader r, short version)
        {
            var error = (ErrorCode)r.ReadInt16();
            var throttle = r.ReadInt32();
            var topicCount = r.ReadArrayCount(false);
            var topics = new TopicData<OffsetDeleteApi.Response.Partition>[topicCount];
            for (var t = 0; t < topicCount; t++)
            {
                var name = r.ReadString(false);
                var partitionCount = r.ReadArrayCount(false);
                var partitions = new OffsetDeleteApi.Response.Partition[partitionCount];
                for (var p = 0; p < partitionCount; p++)
                {
                    partitions[p] = new OffsetDeleteApi.Response.Partition(r.ReadInt32(), (ErrorCode)r.ReadInt16());
                }

                topics[t] = new TopicData<OffsetDeleteApi.Response.Partition>(name, partitions);
            }

            return new OffsetDeleteApi.Response(error, topics, throttle);
        }
    }
}

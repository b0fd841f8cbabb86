using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of OffsetFetch, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class OffsetFetchCodec
{
    extension(OffsetFetchApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = OffsetFetchApi.Versions.IsFlexible(version);
            w.WriteString(request.GroupId, flex);
            w.WriteArrayLength(request.Topics?.Count ?? -1, flex);
            foreach (var topic in request.Topics ?? [])
            {
                w.WriteString(topic.Name, flex);
                w.WriteInt32Array(topic.PartitionIndexes, flex);
                w.WriteEmptyTaggedFields(flex);
            }

            if (version >= 7)
            {
                w.WriteBool(request.RequireStable);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(OffsetFetchApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, OffsetFetchApi.Versions.At(version));
    }

    extension(OffsetFetchApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static OffsetFetchApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = OffsetFetchApi.Versions.IsFlexible(version);
            var throttle = version >= 3 ? r.ReadInt32() : 0;
            var topicCount = r.ReadArrayCount(flex);
            var topics = new TopicData<OffsetFetchApi.Response.Partition>[topicCount];
            for (var t = 0; t < topicCount; t++)
            {
                var name = r.ReadString(flex);
                var partitionCount = r.ReadArrayCount(flex);
                var partitions = new OffsetFetchApi.Response.Partition[partitionCount];
                for (var p = 0; p < partitionCount; p++)
                {
                    var index = r.ReadInt32();
                    var offset = r.ReadInt64();
                    var epoch = version >= 5 ? r.ReadInt32() : -1;
                    partitions[p] = new OffsetFetchApi.Response.Partition(index, offset, epoch, r.ReadNullableString(flex), (ErrorCode)r.ReadInt16());
                    r.SkipTaggedFields(flex);
                }

                r.SkipTaggedFields(flex);
                topics[t] = new TopicData<OffsetFetchApi.Response.Partition>(name, partitions);
            }

            var error = version >= 2 ? (ErrorCode)r.ReadInt16() : ErrorCode.None;
            r.SkipTaggedFields(flex);
            return new OffsetFetchApi.Response(topics, error, throttle);
        }
    }
}

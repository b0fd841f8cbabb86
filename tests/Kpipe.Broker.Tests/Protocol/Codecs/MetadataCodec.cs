using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of Metadata, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class MetadataCodec
{
    extension(MetadataApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = MetadataApi.Versions.IsFlexible(version);
            w.WriteArrayLength(request.Topics?.Count ?? -1, flex);
            foreach (var t in request.Topics ?? [])
            {
                if (version >= 10)
                {
                    w.WriteUuid(t.TopicId);
                    w.WriteNullableString(t.Name, flex);
                }
                else
                {
                    w.WriteString(t.Name ?? string.Empty, flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            if (version >= 4)
            {
                w.WriteBool(request.AllowAutoTopicCreation);
            }

            if (version is >= 8 and <= 10)
            {
                w.WriteBool(request.IncludeClusterAuthorizedOperations);
            }

            if (version >= 8)
            {
                w.WriteBool(request.IncludeTopicAuthorizedOperations);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(MetadataApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, MetadataApi.Versions.At(version));
    }

    extension(MetadataApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static MetadataApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = MetadataApi.Versions.IsFlexible(version);
            var throttle = version >= 3 ? r.ReadInt32() : 0;
            var brokers = new MetadataApi.Response.Broker[r.ReadArrayCount(flex)];
            for (var i = 0; i < brokers.Length; i++)
            {
                var id = r.ReadInt32();
                var host = r.ReadString(flex);
                var port = r.ReadInt32();
                var rack = version >= 1 ? r.ReadNullableString(flex) : null;
                r.SkipTaggedFields(flex);
                brokers[i] = new MetadataApi.Response.Broker(id, host, port, rack);
            }

            var clusterId = version >= 2 ? r.ReadNullableString(flex) : null;
            var controller = version >= 1 ? r.ReadInt32() : -1;
            var topics = new MetadataApi.Response.Topic[r.ReadArrayCount(flex)];
            for (var i = 0; i < topics.Length; i++)
            {
                var error = (ErrorCode)r.ReadInt16();
                var name = r.ReadNullableString(flex);
                var topicId = version >= 10 ? r.ReadUuid() : Guid.Empty;
                var isInternal = version >= 1 && r.ReadBool();
                var partitions = new MetadataApi.Response.Partition[r.ReadArrayCount(flex)];
                for (var j = 0; j < partitions.Length; j++)
                {
                    var perr = (ErrorCode)r.ReadInt16();
                    var index = r.ReadInt32();
                    var leader = r.ReadInt32();
                    var epoch = version >= 7 ? r.ReadInt32() : -1;
                    var replicas = r.ReadInt32Array(flex);
                    var isr = r.ReadInt32Array(flex);
                    var offline = version >= 5 ? r.ReadInt32Array(flex) : [];
                    r.SkipTaggedFields(flex);
                    partitions[j] = new MetadataApi.Response.Partition(perr, index, leader, epoch, replicas, isr, offline);
                }

                var ops = version >= 8 ? r.ReadInt32() : MetadataApi.Response.OperationsNotRequested;
                r.SkipTaggedFields(flex);
                topics[i] = new MetadataApi.Response.Topic(error, name, topicId, isInternal, partitions, ops);
            }

            if (version is >= 8 and <= 10)
            {
                r.ReadInt32();
            }

            r.SkipTaggedFields(flex);
            return new MetadataApi.Response(brokers, clusterId, controller, topics, throttle);
        }
    }
}

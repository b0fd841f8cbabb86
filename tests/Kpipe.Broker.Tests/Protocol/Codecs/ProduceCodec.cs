using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of Produce, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class ProduceCodec
{
    extension(ProduceApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = ProduceApi.Versions.IsFlexible(version);
            w.WriteNullableString(request.TransactionalId, flex);
            w.WriteInt16(request.Acks);
            w.WriteInt32(request.TimeoutMs);
            w.WriteArrayLength(request.Topics.Count, flex);
            foreach (var t in request.Topics)
            {
                w.WriteString(t.Name, flex);
                w.WriteArrayLength(t.Partitions.Count, flex);
                foreach (var p in t.Partitions)
                {
                    w.WriteInt32(p.PartitionIndex);
                    w.WriteNullableBytes(p.Records is { } records ? records.Span : default, flex, p.Records is null);
                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(ProduceApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, ProduceApi.Versions.At(version));
    }

    extension(ProduceApi.Response)
    {
        /// <summary>Decodes the body (record errors are skipped: the broker never sends any).</summary>
        public static ProduceApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = ProduceApi.Versions.IsFlexible(version);
            var topics = new TopicData<ProduceApi.Response.Partition>[r.ReadArrayCount(flex)];
            for (var i = 0; i < topics.Length; i++)
            {
                var name = r.ReadString(flex);
                var partitions = new ProduceApi.Response.Partition[r.ReadArrayCount(flex)];
                for (var j = 0; j < partitions.Length; j++)
                {
                    var index = r.ReadInt32();
                    var error = (ErrorCode)r.ReadInt16();
                    var baseOffset = r.ReadInt64();
                    var appendTime = r.ReadInt64();
                    var logStart = version >= 5 ? r.ReadInt64() : -1;
                    string? message = null;
                    if (version >= 8)
                    {
                        var errors = r.ReadArrayCount(flex);
                        for (var k = 0; k < errors; k++)
                        {
                            r.ReadInt32();
                            r.ReadNullableString(flex);
                            r.SkipTaggedFields(flex);
                        }

                        message = r.ReadNullableString(flex);
                    }

                    r.SkipTaggedFields(flex);
                    partitions[j] = new ProduceApi.Response.Partition(index, error, baseOffset, appendTime, logStart, message);
                }

                r.SkipTaggedFields(flex);
                topics[i] = new TopicData<ProduceApi.Response.Partition>(name, partitions);
            }

            var throttle = r.ReadInt32();
            r.SkipTaggedFields(flex);
            return new ProduceApi.Response(topics, throttle);
        }
    }
}

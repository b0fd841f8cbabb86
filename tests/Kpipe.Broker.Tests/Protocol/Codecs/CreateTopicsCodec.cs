using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of CreateTopics, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class CreateTopicsCodec
{
    extension(CreateTopicsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = CreateTopicsApi.Versions.IsFlexible(version);
            w.WriteArrayLength(request.Topics.Count, flex);
            foreach (var t in request.Topics)
            {
                w.WriteString(t.Name, flex);
                w.WriteInt32(t.NumPartitions);
                w.WriteInt16(t.ReplicationFactor);
                w.WriteArrayLength(t.Assignments.Count, flex);
                foreach (var assignment in t.Assignments)
                {
                    w.WriteInt32(assignment.PartitionIndex);
                    w.WriteInt32Array([.. assignment.BrokerIds], flex);
                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteArrayLength(t.Configs.Count, flex);
                foreach (var c in t.Configs)
                {
                    w.WriteString(c.Key, flex);
                    w.WriteNullableString(c.Value, flex);
                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteInt32(request.TimeoutMs);
            if (version >= 1)
            {
                w.WriteBool(request.ValidateOnly);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(CreateTopicsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, CreateTopicsApi.Versions.At(version));
    }

    extension(CreateTopicsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static CreateTopicsApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = CreateTopicsApi.Versions.IsFlexible(version);
            var throttle = version >= 2 ? r.ReadInt32() : 0;
            var topics = new CreateTopicsApi.Response.Topic[r.ReadArrayCount(flex)];
            for (var i = 0; i < topics.Length; i++)
            {
                var name = r.ReadString(flex);
                var error = (ErrorCode)r.ReadInt16();
                var message = version >= 1 ? r.ReadNullableString(flex) : null;
                r.SkipTaggedFields(flex);
                topics[i] = new CreateTopicsApi.Response.Topic(name, error, message);
            }

            r.SkipTaggedFields(flex);
            return new CreateTopicsApi.Response(topics, throttle);
        }
    }
}

using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of CreatePartitions, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class CreatePartitionsCodec
{
    extension(CreatePartitionsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = CreatePartitionsApi.Versions.IsFlexible(version);
            w.WriteArrayLength(request.Topics.Count, flex);
            foreach (var t in request.Topics)
            {
                w.WriteString(t.Name, flex);
                w.WriteInt32(t.Count);
                w.WriteArrayLength(t.Assignments?.Count ?? -1, flex);
                foreach (var brokers in t.Assignments ?? [])
                {
                    w.WriteInt32Array([.. brokers], flex);
                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteInt32(request.TimeoutMs);
            w.WriteBool(request.ValidateOnly);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(CreatePartitionsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, CreatePartitionsApi.Versions.At(version));
    }

    extension(CreatePartitionsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static CreatePartitionsApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = CreatePartitionsApi.Versions.IsFlexible(version);
            var throttle = r.ReadInt32();
            var results = new CreatePartitionsApi.Response.Result[r.ReadArrayCount(flex)];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = new CreatePartitionsApi.Response.Result(r.ReadString(flex), (ErrorCode)r.ReadInt16(), r.ReadNullableString(flex));
                r.SkipTaggedFields(flex);
            }

            r.SkipTaggedFields(flex);
            return new CreatePartitionsApi.Response(results, throttle);
        }
    }
}

using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of InitProducerId, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class InitProducerIdCodec
{
    extension(InitProducerIdApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = InitProducerIdApi.Versions.IsFlexible(version);
            w.WriteNullableString(request.TransactionalId, flex);
            w.WriteInt32(request.TransactionTimeoutMs);
            if (version >= 3)
            {
                w.WriteInt64(request.ProducerId);
                w.WriteInt16(request.ProducerEpoch);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(InitProducerIdApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, InitProducerIdApi.Versions.At(version));
    }

    extension(InitProducerIdApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static InitProducerIdApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = InitProducerIdApi.Versions.IsFlexible(version);
            var throttle = r.ReadInt32();
            var error = (ErrorCode)r.ReadInt16();
            var producerId = r.ReadInt64();
            var epoch = r.ReadInt16();
            r.SkipTaggedFields(flex);
            return new InitProducerIdApi.Response(error, producerId, epoch, throttle);
        }
    }
}

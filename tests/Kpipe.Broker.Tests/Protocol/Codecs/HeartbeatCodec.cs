using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of Heartbeat, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class HeartbeatCodec
{
    extension(HeartbeatApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = HeartbeatApi.Versions.IsFlexible(version);
            w.WriteString(request.GroupId, flex);
            w.WriteInt32(request.GenerationId);
            w.WriteString(request.MemberId, flex);
            if (version >= 3)
            {
                w.WriteNullableString(request.GroupInstanceId, flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(HeartbeatApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, HeartbeatApi.Versions.At(version));
    }

    extension(HeartbeatApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static HeartbeatApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = HeartbeatApi.Versions.IsFlexible(version);
            var throttle = version >= 1 ? r.ReadInt32() : 0;
            var response = new HeartbeatApi.Response((ErrorCode)r.ReadInt16(), throttle);
            r.SkipTaggedFields(flex);
            return response;
        }
    }
}

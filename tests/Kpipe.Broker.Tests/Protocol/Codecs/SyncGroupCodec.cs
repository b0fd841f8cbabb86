using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of SyncGroup, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class SyncGroupCodec
{
    extension(SyncGroupApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = SyncGroupApi.Versions.IsFlexible(version);
            w.WriteString(request.GroupId, flex);
            w.WriteInt32(request.GenerationId);
            w.WriteString(request.MemberId, flex);
            if (version >= 3)
            {
                w.WriteNullableString(request.GroupInstanceId, flex);
            }

            if (version >= 5)
            {
                w.WriteNullableString(request.ProtocolType, flex);
                w.WriteNullableString(request.ProtocolName, flex);
            }

            w.WriteArrayLength(request.Assignments.Count, flex);
            foreach (var assignment in request.Assignments)
            {
                w.WriteString(assignment.MemberId, flex);
                w.WriteNullableBytes(assignment.Bytes, flex);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(SyncGroupApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, SyncGroupApi.Versions.At(version));
    }

    extension(SyncGroupApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static SyncGroupApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = SyncGroupApi.Versions.IsFlexible(version);
            var throttle = version >= 1 ? r.ReadInt32() : 0;
            var error = (ErrorCode)r.ReadInt16();
            var protocolType = version >= 5 ? r.ReadNullableString(flex) : null;
            var protocolName = version >= 5 ? r.ReadNullableString(flex) : null;
            r.ReadNullableBytes(flex, out var assignment);
            r.SkipTaggedFields(flex);
            return new SyncGroupApi.Response(error, protocolType, protocolName, assignment.ToArray(), throttle);
        }
    }
}

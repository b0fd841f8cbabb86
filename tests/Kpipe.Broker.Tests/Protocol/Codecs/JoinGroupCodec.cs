using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of JoinGroup, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class JoinGroupCodec
{
    extension(JoinGroupApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = JoinGroupApi.Versions.IsFlexible(version);
            w.WriteString(request.GroupId, flex);
            w.WriteInt32(request.SessionTimeoutMs);
            if (version >= 1)
            {
                w.WriteInt32(request.RebalanceTimeoutMs);
            }

            w.WriteString(request.MemberId, flex);
            if (version >= 5)
            {
                w.WriteNullableString(request.GroupInstanceId, flex);
            }

            w.WriteString(request.ProtocolType, flex);
            w.WriteArrayLength(request.Protocols.Count, flex);
            foreach (var protocol in request.Protocols)
            {
                w.WriteString(protocol.Name, flex);
                w.WriteNullableBytes(protocol.Metadata, flex);
                w.WriteEmptyTaggedFields(flex);
            }

            if (version >= 8)
            {
                w.WriteNullableString(request.Reason, flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(JoinGroupApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, JoinGroupApi.Versions.At(version));
    }

    extension(JoinGroupApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static JoinGroupApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = JoinGroupApi.Versions.IsFlexible(version);
            var throttle = version >= 2 ? r.ReadInt32() : 0;
            var error = (ErrorCode)r.ReadInt16();
            var generation = r.ReadInt32();
            var protocolType = version >= 7 ? r.ReadNullableString(flex) : null;
            var protocolName = version >= 7 ? r.ReadNullableString(flex) : r.ReadString(flex);
            var leader = r.ReadString(flex);
            var skip = version >= 9 && r.ReadBool();
            var memberId = r.ReadString(flex);
            var count = r.ReadArrayCount(flex);
            var members = new JoinGroupApi.Response.Member[count];
            for (var i = 0; i < count; i++)
            {
                var id = r.ReadString(flex);
                var instance = version >= 5 ? r.ReadNullableString(flex) : null;
                r.ReadNullableBytes(flex, out var metadata);
                r.SkipTaggedFields(flex);
                members[i] = new JoinGroupApi.Response.Member(id, instance, metadata.ToArray());
            }

            r.SkipTaggedFields(flex);
            return new JoinGroupApi.Response(error, generation, protocolType, protocolName, leader, memberId, members, skip, throttle);
        }
    }
}

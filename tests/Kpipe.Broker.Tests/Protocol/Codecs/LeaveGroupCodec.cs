using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of LeaveGroup, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class LeaveGroupCodec
{
    extension(LeaveGroupApi.Request request)
    {
        /// <summary>Encodes the body; v0–2 carry the first member only.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = LeaveGroupApi.Versions.IsFlexible(version);
            w.WriteString(request.GroupId, flex);
            if (version <= 2)
            {
                w.WriteString(request.Members.Count > 0 ? request.Members[0].MemberId : string.Empty, flex);
                w.WriteEmptyTaggedFields(flex);
                return;
            }

            w.WriteArrayLength(request.Members.Count, flex);
            foreach (var member in request.Members)
            {
                w.WriteString(member.MemberId, flex);
                w.WriteNullableString(member.GroupInstanceId, flex);
                if (version >= 5)
                {
                    w.WriteNullableString(member.Reason, flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(LeaveGroupApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, LeaveGroupApi.Versions.At(version));
    }

    extension(LeaveGroupApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static LeaveGroupApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = LeaveGroupApi.Versions.IsFlexible(version);
            var throttle = version >= 1 ? r.ReadInt32() : 0;
            var error = (ErrorCode)r.ReadInt16();
            var members = new List<LeaveGroupApi.Response.Member>();
            if (version >= 3)
            {
                var count = r.ReadArrayCount(flex);
                for (var i = 0; i < count; i++)
                {
                    members.Add(new LeaveGroupApi.Response.Member(r.ReadString(flex), r.ReadNullableString(flex), (ErrorCode)r.ReadInt16()));
                    r.SkipTaggedFields(flex);
                }
            }

            r.SkipTaggedFields(flex);
            return new LeaveGroupApi.Response(error, members, throttle);
        }
    }
}

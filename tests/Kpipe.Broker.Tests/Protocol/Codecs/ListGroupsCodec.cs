using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of ListGroups, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class ListGroupsCodec
{
    extension(ListGroupsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = ListGroupsApi.Versions.IsFlexible(version);
            if (version >= 4)
            {
                w.WriteStringArray(request.StatesFilter, flex);
            }

            if (version >= 5)
            {
                w.WriteStringArray(request.TypesFilter, flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(ListGroupsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, ListGroupsApi.Versions.At(version));
    }

    extension(ListGroupsApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static ListGroupsApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = ListGroupsApi.Versions.IsFlexible(version);
            var throttle = version >= 1 ? r.ReadInt32() : 0;
            var error = (ErrorCode)r.ReadInt16();
            var count = r.ReadArrayCount(flex);
            var groups = new ListGroupsApi.Response.Group[count];
            for (var i = 0; i < count; i++)
            {
                var groupId = r.ReadString(flex);
                var protocolType = r.ReadString(flex);
                var state = version >= 4 ? r.ReadString(flex) : string.Empty;
                var type = version >= 5 ? r.ReadString(flex) : "classic";
                r.SkipTaggedFields(flex);
                groups[i] = new ListGroupsApi.Response.Group(groupId, protocolType, state, type);
            }

            r.SkipTaggedFields(flex);
            return new ListGroupsApi.Response(error, groups, throttle);
        }
    }
}

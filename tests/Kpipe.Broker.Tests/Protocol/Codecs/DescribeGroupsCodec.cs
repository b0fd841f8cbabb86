using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of DescribeGroups, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class DescribeGroupsCodec
{
    extension(DescribeGroupsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = DescribeGroupsApi.Versions.IsFlexible(version);
            w.WriteArrayLength(request.Groups.Count, flex);
            foreach (var group in request.Groups)
            {
                w.WriteString(group, flex);
            }

            if (version >= 3)
            {
                w.WriteBool(request.IncludeAuthorizedOperations);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(DescribeGroupsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, DescribeGroupsApi.Versions.At(version));
    }

    extension(DescribeGroupsApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static DescribeGroupsApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = DescribeGroupsApi.Versions.IsFlexible(version);
            var throttle = version >= 1 ? r.ReadInt32() : 0;
            var groupCount = r.ReadArrayCount(flex);
            var groups = new DescribeGroupsApi.Response.Group[groupCount];
            for (var g = 0; g < groupCount; g++)
            {
                var error = (ErrorCode)r.ReadInt16();
                var groupId = r.ReadString(flex);
                var state = r.ReadString(flex);
                var protocolType = r.ReadString(flex);
                var protocolData = r.ReadString(flex);
                var memberCount = r.ReadArrayCount(flex);
                var members = new DescribeGroupsApi.Response.Member[memberCount];
                for (var m = 0; m < memberCount; m++)
                {
                    var memberId = r.ReadString(flex);
                    var instanceId = version >= 4 ? r.ReadNullableString(flex) : null;
                    var clientId = r.ReadString(flex);
                    var clientHost = r.ReadString(flex);
                    r.ReadNullableBytes(flex, out var metadata);
                    r.ReadNullableBytes(flex, out var assignment);
                    r.SkipTaggedFields(flex);
                    members[m] = new DescribeGroupsApi.Response.Member(memberId, instanceId, clientId, clientHost, metadata.ToArray(), assignment.ToArray());
                }

                var operations = version >= 3 ? r.ReadInt32() : DescribeGroupsApi.Response.OperationsNotRequested;
                r.SkipTaggedFields(flex);
                groups[g] = new DescribeGroupsApi.Response.Group(error, groupId, state, protocolType, protocolData, members, operations);
            }

            r.SkipTaggedFields(flex);
            return new DescribeGroupsApi.Response(groups, throttle);
        }
    }
}

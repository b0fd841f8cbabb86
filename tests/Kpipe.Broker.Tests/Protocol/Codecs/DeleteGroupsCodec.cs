using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of DeleteGroups, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class DeleteGroupsCodec
{
    extension(DeleteGroupsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = DeleteGroupsApi.Versions.IsFlexible(version);
            w.WriteArrayLength(request.GroupsNames.Count, flex);
            foreach (var group in request.GroupsNames)
            {
                w.WriteString(group, flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(DeleteGroupsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, DeleteGroupsApi.Versions.At(version));
    }

    extension(DeleteGroupsApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static DeleteGroupsApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = DeleteGroupsApi.Versions.IsFlexible(version);
            var throttle = r.ReadInt32();
            var count = r.ReadArrayCount(flex);
            var results = new DeleteGroupsApi.Response.Result[count];
            for (var i = 0; i < count; i++)
            {
                results[i] = new DeleteGroupsApi.Response.Result(r.ReadString(flex), (ErrorCode)r.ReadInt16());
                r.SkipTaggedFields(flex);
            }

            r.SkipTaggedFields(flex);
            return new DeleteGroupsApi.Response(results, throttle);
        }
    }
}

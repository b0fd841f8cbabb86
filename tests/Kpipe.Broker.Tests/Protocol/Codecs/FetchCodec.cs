using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of Fetch, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class FetchCodec
{
    extension(FetchApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = FetchApi.Versions.IsFlexible(version);
            w.WriteInt32(request.ReplicaId);
            w.WriteInt32(request.MaxWaitMs);
            w.WriteInt32(request.MinBytes);
            w.WriteInt32(request.MaxBytes);
            w.WriteInt8(request.IsolationLevel);
            if (version >= 7)
            {
                w.WriteInt32(request.SessionId);
                w.WriteInt32(request.SessionEpoch);
            }

            w.WriteArrayLength(request.Topics.Count, flex);
            foreach (var t in request.Topics)
            {
                w.WriteString(t.Name, flex);
                w.WriteArrayLength(t.Partitions.Count, flex);
                foreach (var p in t.Partitions)
                {
                    w.WriteInt32(p.PartitionIndex);
                    if (version >= 9)
                    {
                        w.WriteInt32(p.CurrentLeaderEpoch);
                    }

                    w.WriteInt64(p.FetchOffset);
                    if (version >= 12)
                    {
                        w.WriteInt32(p.LastFetchedEpoch);
                    }

                    if (version >= 5)
                    {
                        w.WriteInt64(p.LogStartOffset);
                    }

                    w.WriteInt32(p.PartitionMaxBytes);
                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            if (version >= 7)
            {
                w.WriteArrayLength(0, flex);
            }

            if (version >= 11)
            {
                w.WriteString(request.RackId, flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(FetchApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, FetchApi.Versions.At(version));
    }

    extension(FetchApi.Response)
    {
        /// <summary>Decodes the body (aborted transactions are skipped: the broker never sends any).</summary>
        public static FetchApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = FetchApi.Versions.IsFlexible(version);
            var throttle = r.ReadInt32();
            var error = version >= 7 ? (ErrorCode)r.ReadInt16() : ErrorCode.None;
            var session = version >= 7 ? r.ReadInt32() : 0;
            var topics = new TopicData<FetchApi.Response.Partition>[r.ReadArrayCount(flex)];
            for (var i = 0; i < topics.Length; i++)
            {
                var name = r.ReadString(flex);
                var partitions = new FetchApi.Response.Partition[r.ReadArrayCount(flex)];
                for (var j = 0; j < partitions.Length; j++)
                {
                    var index = r.ReadInt32();
                    var perr = (ErrorCode)r.ReadInt16();
                    var hw = r.ReadInt64();
                    var lso = r.ReadInt64();
                    var logStart = version >= 5 ? r.ReadInt64() : -1;
                    var aborted = r.ReadArrayLength(flex);
                    for (var k = 0; k < aborted; k++)
                    {
                        r.ReadInt64();
                        r.ReadInt64();
                        r.SkipTaggedFields(flex);
                    }

                    var preferred = version >= 11 ? r.ReadInt32() : -1;
                    r.ReadNullableBytes(flex, out var records);
                    r.SkipTaggedFields(flex);
                    partitions[j] = new FetchApi.Response.Partition(index, perr, hw, lso, logStart, preferred, records);
                }

                r.SkipTaggedFields(flex);
                topics[i] = new TopicData<FetchApi.Response.Partition>(name, partitions);
            }

            r.SkipTaggedFields(flex);
            return new FetchApi.Response(error, session, topics, throttle);
        }
    }
}

using System.Buffers.Binary;
using System.Text;

namespace Kpipe.Broker.Groups;

/// <summary>
/// Reads the topic list out of a <c>consumer</c> protocol member's metadata (<c>ConsumerProtocolSubscription</c> v0–3:
/// int16 version, then an int32-counted array of int16-length strings); the rest of the bytes is not needed here.
/// </summary>
internal static class ConsumerSubscription
{
    public const string ProtocolType = "consumer";

    public static bool TryReadTopics(ReadOnlySpan<byte> metadata, out List<string> topics)
    {
        topics = [];
        if (metadata.Length < 6)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(metadata[2..]);
        var position = 6;
        if (count < 0 || count > (metadata.Length - position) / 2)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (metadata.Length - position < 2)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadInt16BigEndian(metadata[position..]);
            position += 2;
            if (length < 0 || metadata.Length - position < length)
            {
                return false;
            }

            topics.Add(Encoding.UTF8.GetString(metadata.Slice(position, length)));
            position += length;
        }

        return true;
    }
}

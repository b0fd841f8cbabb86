namespace Kpipe.Broker.Storage;

/// <summary>Zig-zag varints as records use them, read with a hard end so a bad length can never run past the batch.</summary>
internal static class Varint
{
    /// <summary>Reads a zig-zag varlong at <paramref name="position"/>; false when it is longer than 10 bytes or crosses <paramref name="end"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, ref int position, int end, out long value)
    {
        ulong raw = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= end)
            {
                break;
            }

            var b = data[position++];
            raw |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                return true;
            }
        }

        value = 0;
        return false;
    }
}

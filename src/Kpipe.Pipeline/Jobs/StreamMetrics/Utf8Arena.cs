using System.Text;
using System.Text.Json;

namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>
/// UTF-8 text a batch could not take straight from its records' bytes (unescaped strings, repaired JSON text, place
/// names), held in a few large pinned buffers: each value is a slice of one of them, so a batch allocates a handful of
/// arrays rather than one per value, and a native writer can read the slices where they lie. <see cref="Reset"/> hands
/// the buffers to the next batch; slices taken before it must not be used after it.
/// </summary>
internal sealed class Utf8Arena
{
    private const int ChunkLength = 1 << 20;
    private readonly List<byte[]> _chunks = [];
    private int _chunk = -1;
    private int _used = ChunkLength;

    /// <summary>
    /// The string value the reader is on, unescaped, as a slice. Throws <see cref="InvalidOperationException"/> as the
    /// reader does when the value is not valid UTF-8 or escapes a lone surrogate.
    /// </summary>
    public ReadOnlyMemory<byte> Unescape(ref Utf8JsonReader reader)
    {
        // Unescaped text is never longer than its escaped form.
        var maxLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var (buffer, start) = Reserve(maxLength);
        var length = reader.CopyString(buffer.AsSpan(start, maxLength));
        return Commit(buffer, start, length);
    }

    /// <summary>
    /// <paramref name="bytes"/> with every invalid UTF-8 sequence replaced by U+FFFD, as decoding them with
    /// <see cref="Encoding.UTF8"/> and encoding the text again would have it.
    /// </summary>
    public ReadOnlyMemory<byte> Repair(ReadOnlySpan<byte> bytes) => Copy(Encoding.UTF8.GetString(bytes));

    /// <summary><paramref name="text"/> in UTF-8 (lone surrogates as U+FFFD), as a slice.</summary>
    public ReadOnlyMemory<byte> Copy(string text)
    {
        var (buffer, start) = Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, buffer.AsSpan(start));
        return Commit(buffer, start, length);
    }

    /// <summary>Makes every buffer free for the next batch.</summary>
    public void Reset()
    {
        _chunk = -1;
        _used = ChunkLength;
    }

    private (byte[] Buffer, int Start) Reserve(int length)
    {
        if (length > ChunkLength / 4)
        {
            // A long value gets a buffer of its own rather than wasting most of a shared one.
            return (new byte[length], 0);
        }
        if (_used + length > ChunkLength)
        {
            _chunk++;
            if (_chunk == _chunks.Count)
            {
                _chunks.Add(GC.AllocateUninitializedArray<byte>(ChunkLength, pinned: true));
            }
            _used = 0;
        }
        return (_chunks[_chunk], _used);
    }

    private ReadOnlyMemory<byte> Commit(byte[] buffer, int start, int length)
    {
        if (_chunk >= 0 && buffer == _chunks[_chunk])
        {
            _used = start + length;
        }
        return new ReadOnlyMemory<byte>(buffer, start, length);
    }
}

using System.Text;
using System.Text.Json;

namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>
/// A batch's decoded text, held in a few large char buffers: each value is a slice of one of them instead of a string
/// of its own, so a batch of a million records allocates a handful of arrays rather than millions of objects that all
/// live until the batch is written. <see cref="Reset"/> hands the buffers to the next batch; slices taken before it
/// must not be used after it.
/// </summary>
internal sealed class CharArena
{
    private const int ChunkLength = 1 << 20;
    private readonly List<char[]> _chunks = [];
    private int _chunk = -1;
    private int _used = ChunkLength;

    /// <summary>The string value the reader is on, unescaped and decoded, as a slice.</summary>
    public ReadOnlyMemory<char> Decode(ref Utf8JsonReader reader)
    {
        // Unescaped UTF-8 is never shorter in bytes than the UTF-16 it decodes to, nor longer than its escaped form.
        var maxLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var (buffer, start) = Reserve(maxLength);
        var length = reader.CopyString(buffer.AsSpan(start, maxLength));
        return Commit(buffer, start, length);
    }

    /// <summary>UTF-8 bytes decoded as a slice (invalid sequences become U+FFFD, as <see cref="Encoding.UTF8"/> has it).</summary>
    public ReadOnlyMemory<char> Decode(ReadOnlySpan<byte> utf8)
    {
        var maxLength = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        var (buffer, start) = Reserve(maxLength);
        var length = Encoding.UTF8.GetChars(utf8, buffer.AsSpan(start, maxLength));
        return Commit(buffer, start, length);
    }

    /// <summary>Makes every buffer free for the next batch.</summary>
    public void Reset()
    {
        _chunk = -1;
        _used = ChunkLength;
    }

    private (char[] Buffer, int Start) Reserve(int length)
    {
        if (length > ChunkLength / 4)
        {
            // A long value gets a buffer of its own rather than wasting most of a shared one.
            return (new char[length], 0);
        }
        if (_used + length > ChunkLength)
        {
            _chunk++;
            if (_chunk == _chunks.Count)
            {
                _chunks.Add(new char[ChunkLength]);
            }
            _used = 0;
        }
        return (_chunks[_chunk], _used);
    }

    private ReadOnlyMemory<char> Commit(char[] buffer, int start, int length)
    {
        if (_chunk >= 0 && buffer == _chunks[_chunk])
        {
            _used = start + length;
        }
        return new ReadOnlyMemory<char>(buffer, start, length);
    }
}

using System.Buffers.Binary;

namespace Kpipe.Broker.Storage;

/// <summary>
/// A segment's sparse offset index (<c>.index</c>): 8-byte entries of relative offset and file position (big-endian, as Kafka's),
/// one per <c>index.interval.bytes</c> appended; kept in memory for lock-free lookups and appended to its file.
/// </summary>
internal sealed class OffsetIndex : IDisposable
{
    public const int EntrySize = 8;

    private readonly ILogFile _file;
    private readonly long _baseOffset;
    private readonly AppendOnlyList<Entry> _entries = new();

    private OffsetIndex(ILogFile file, long baseOffset)
    {
        _file = file;
        _baseOffset = baseOffset;
    }

    public int Count => _entries.Count;

    /// <summary>Loads the index; <paramref name="problem"/> says why it cannot be trusted (torn, out of order, past the log), null when it can.</summary>
    public static OffsetIndex Open(ILogFile file, long baseOffset, long logSize, out string? problem)
    {
        var index = new OffsetIndex(file, baseOffset);
        problem = index.Load(logSize);
        return index;
    }

    /// <summary>The last entry, or (baseOffset, 0) when empty.</summary>
    public (long Offset, int Position) Last
    {
        get
        {
            var entries = _entries.Snapshot();
            return entries.IsEmpty ? (_baseOffset, 0) : (_baseOffset + entries[^1].RelativeOffset, entries[^1].Position);
        }
    }

    /// <summary>Position of the last indexed batch starting at or before <paramref name="offset"/> (0 when none).</summary>
    public int Lookup(long offset)
    {
        var entries = _entries.Snapshot();
        long relative = offset - _baseOffset;
        int low = 0, high = entries.Length - 1, position = 0;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (entries[mid].RelativeOffset <= relative)
            {
                position = entries[mid].Position;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return position;
    }

    public void Append(long offset, int position)
    {
        Span<byte> bytes = stackalloc byte[EntrySize];
        var relative = checked((int)(offset - _baseOffset));
        BinaryPrimitives.WriteInt32BigEndian(bytes, relative);
        BinaryPrimitives.WriteInt32BigEndian(bytes[4..], position);
        _file.Write(bytes, (long)_entries.Count * EntrySize);
        _entries.Add(new Entry(relative, position));
    }

    /// <summary>Empties the index before a rebuild.</summary>
    public void Reset()
    {
        _entries.Clear();
        _file.Truncate(0);
    }

    public void Flush() => _file.Flush();

    public void Dispose() => _file.Dispose();

    private string? Load(long logSize)
    {
        var length = _file.Length;
        if (length % EntrySize != 0 || length > int.MaxValue)
        {
            return $"its length {length} is not a whole number of {EntrySize}-byte entries";
        }

        var bytes = new byte[length];
        _file.Read(bytes, 0);
        int lastRelative = -1, lastPosition = -1;
        for (var at = 0; at < bytes.Length; at += EntrySize)
        {
            var relative = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var position = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 4));
            if (relative <= lastRelative || position <= lastPosition || position >= logSize)
            {
                _entries.Clear();
                return position >= logSize
                    ? $"entry {at / EntrySize} points to byte {position}, past the log's {logSize} bytes"
                    : $"entry {at / EntrySize} (offset +{relative} at byte {position}) is out of order";
            }

            _entries.Add(new Entry(relative, position));
            lastRelative = relative;
            lastPosition = position;
        }

        return null;
    }

    private readonly record struct Entry(int RelativeOffset, int Position);
}

using System.Buffers.Binary;

namespace Kpipe.Broker.Storage;

/// <summary>
/// A segment's time index (<c>.timeindex</c>): 12-byte entries of the largest timestamp so far and the relative offset
/// of the record carrying it, appended only when the timestamp grows; used to start timestamp lookups near their target.
/// </summary>
internal sealed class TimeIndex : IDisposable
{
    public const int EntrySize = 12;

    private readonly ILogFile _file;
    private readonly long _baseOffset;
    private readonly AppendOnlyList<Entry> _entries = new();

    private TimeIndex(ILogFile file, long baseOffset)
    {
        _file = file;
        _baseOffset = baseOffset;
    }

    /// <summary>Loads the index; <paramref name="problem"/> says why it cannot be trusted (torn, out of order), null when it can.</summary>
    public static TimeIndex Open(ILogFile file, long baseOffset, out string? problem)
    {
        var index = new TimeIndex(file, baseOffset);
        problem = index.Load();
        return index;
    }

    public int Count => _entries.Count;

    /// <summary>The largest timestamp indexed and its offset, or (-1, baseOffset) when empty.</summary>
    public (long Timestamp, long Offset) Last
    {
        get
        {
            var entries = _entries.Snapshot();
            return entries.IsEmpty ? (-1, _baseOffset) : (entries[^1].Timestamp, _baseOffset + entries[^1].RelativeOffset);
        }
    }

    /// <summary>The offset of the last entry whose timestamp is below <paramref name="timestamp"/>: every earlier record is older.</summary>
    public long OffsetBefore(long timestamp)
    {
        var entries = _entries.Snapshot();
        int low = 0, high = entries.Length - 1;
        var offset = _baseOffset;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (entries[mid].Timestamp < timestamp)
            {
                offset = _baseOffset + entries[mid].RelativeOffset;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return offset;
    }

    /// <summary>Adds an entry when <paramref name="timestamp"/> is larger than the last one.</summary>
    public void MaybeAppend(long timestamp, long offset)
    {
        var entries = _entries.Snapshot();
        if (!entries.IsEmpty && entries[^1].Timestamp >= timestamp)
        {
            return;
        }

        Span<byte> bytes = stackalloc byte[EntrySize];
        var relative = checked((int)(offset - _baseOffset));
        BinaryPrimitives.WriteInt64BigEndian(bytes, timestamp);
        BinaryPrimitives.WriteInt32BigEndian(bytes[8..], relative);
        _file.Write(bytes, (long)entries.Length * EntrySize);
        _entries.Add(new Entry(timestamp, relative));
    }

    /// <summary>Empties the index before a rebuild.</summary>
    public void Reset()
    {
        _entries.Clear();
        _file.Truncate(0);
    }

    public void Flush() => _file.Flush();

    public void Dispose() => _file.Dispose();

    private string? Load()
    {
        var length = _file.Length;
        if (length % EntrySize != 0 || length > int.MaxValue)
        {
            return $"its length {length} is not a whole number of {EntrySize}-byte entries";
        }

        var bytes = new byte[length];
        _file.Read(bytes, 0);
        long lastTimestamp = long.MinValue;
        var lastRelative = -1;
        for (var at = 0; at < bytes.Length; at += EntrySize)
        {
            var timestamp = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(at));
            var relative = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 8));
            if (timestamp <= lastTimestamp || relative < lastRelative)
            {
                _entries.Clear();
                return $"entry {at / EntrySize} (timestamp {timestamp}, offset +{relative}) is out of order";
            }

            _entries.Add(new Entry(timestamp, relative));
            lastTimestamp = timestamp;
            lastRelative = relative;
        }

        return null;
    }

    private readonly record struct Entry(long Timestamp, int RelativeOffset);
}

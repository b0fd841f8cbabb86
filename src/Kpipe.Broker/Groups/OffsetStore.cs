using System.Buffers.Binary;
using System.Text;
using Kpipe.Broker.Storage;
using Kpipe.IO;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Groups;

/// <summary>
/// The one home of committed offsets: an append-only log of commit and delete records under
/// <c>&lt;data&gt;/__consumer_offsets/</c>, each framed as int32 length, CRC-32C and body and forced to disk before the
/// commit is answered, and the live offsets it describes, which groups and OffsetFetch read here. A record changes the live
/// offsets only once it is on disk, so a failed write leaves nothing visible. Opening replays the log, cuts a torn tail
/// left by a crash, and rewrites it compactly; it is compacted again whenever dead records outnumber live ones.
/// </summary>
internal sealed partial class OffsetStore : IDisposable
{
    private const string FileName = "offsets.log";
    private const byte CommitRecord = 1;
    private const byte DeleteOffsetsRecord = 2;
    private const byte DeleteGroupRecord = 3;
    private const int MaxRecordBytes = 64 * 1024 * 1024;
    private const int MinRecordsBeforeCompaction = 1024;

    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Dictionary<(string Topic, int Partition), StoredOffset>> _live = new(StringComparer.Ordinal);
    private FileStream? _file;
    private long _validLength;
    private long _recordsInFile;

    private OffsetStore(string path, ILogger logger)
    {
        _path = path;
        _logger = logger;
    }

    public static string DirectoryIn(string dataDirectory) => Path.Combine(dataDirectory, "__consumer_offsets");

    /// <summary>Opens (creating if needed) the offsets log in <paramref name="directory"/> and replays it.</summary>
    public static OffsetStore Open(string directory, ILogger logger)
    {
        Directory.CreateDirectory(directory);
        var store = new OffsetStore(Path.Combine(directory, FileName), logger);
        store.Load();
        try
        {
            store.Compact();
        }
        catch (IOException)
        {
            // A full disk: keep the log as it is; the first commit reopens it at its last whole record.
        }

        return store;
    }

    /// <summary>The groups that have committed offsets.</summary>
    public IReadOnlyList<string> GroupIds()
    {
        lock (_lock)
        {
            return [.. _live.Keys];
        }
    }

    /// <summary>A copy of one group's committed offsets (empty when it has none).</summary>
    public Dictionary<(string Topic, int Partition), StoredOffset> Offsets(string groupId)
    {
        lock (_lock)
        {
            return _live.TryGetValue(groupId, out var offsets) ? new(offsets) : [];
        }
    }

    public void Commit(string groupId, IReadOnlyList<(string Topic, int Partition, StoredOffset Offset)> offsets)
    {
        if (offsets.Count == 0)
        {
            return;
        }

        Append(EncodeCommit(groupId, offsets));
    }

    public void DeleteOffsets(string groupId, IReadOnlyList<(string Topic, int Partition)> partitions)
    {
        if (partitions.Count == 0)
        {
            return;
        }

        var body = Encode(DeleteOffsetsRecord, groupId, writer =>
        {
            writer.Write(partitions.Count);
            foreach (var (topic, partition) in partitions)
            {
                writer.Write(topic);
                writer.Write(partition);
            }
        });
        Append(body);
    }

    public void DeleteGroup(string groupId) => Append(Encode(DeleteGroupRecord, groupId, _ => { }));

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
        }
    }

    private static byte[] EncodeCommit(string groupId, IReadOnlyList<(string Topic, int Partition, StoredOffset Offset)> offsets) =>
        Encode(CommitRecord, groupId, writer =>
        {
            writer.Write(offsets.Count);
            foreach (var (topic, partition, offset) in offsets)
            {
                writer.Write(topic);
                writer.Write(partition);
                writer.Write(offset.Offset);
                writer.Write(offset.LeaderEpoch);
                writer.Write(offset.Metadata);
                writer.Write(offset.CommitTimestamp.ToUnixTimeMilliseconds());
            }
        });

    private static byte[] Encode(byte kind, string groupId, Action<BinaryWriter> writeBody)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(kind);
            writer.Write(groupId);
            writeBody(writer);
        }

        return buffer.ToArray();
    }

    private void Append(byte[] body)
    {
        lock (_lock)
        {
            // A write that fails (a full disk) may leave part of a record behind, and a commit written after it would be
            // unreadable at the next load: the file is cut back to its last whole record before anything is appended.
            try
            {
                _file ??= OpenForAppend(_validLength);
                WriteFramed(_file, body);
                _file.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                CloseAfterFailedWrite();
                throw;
            }

            _validLength = _file.Length;
            Apply(body);
            _recordsInFile++;
            if (_recordsInFile > MinRecordsBeforeCompaction && _recordsInFile > 2 * LiveCount())
            {
                try
                {
                    Compact();
                }
                catch (IOException)
                {
                    // The record is on disk; compaction tries again on a later commit.
                }
            }
        }
    }

    private static void WriteFramed(Stream stream, byte[] body)
    {
        Span<byte> frame = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame[4..], Crc32C.Compute(body));
        stream.Write(frame);
        stream.Write(body);
    }

    private int LiveCount() => _live.Values.Sum(g => g.Count);

    private void Load()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        var bytes = File.ReadAllBytes(_path);
        var position = 0;
        while (position < bytes.Length)
        {
            if (bytes.Length - position < 8)
            {
                break;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position));
            var crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position + 4));
            if (length <= 0 || length > MaxRecordBytes || bytes.Length - position - 8 < length)
            {
                break;
            }

            var body = bytes.AsSpan(position + 8, length);
            if (Crc32C.Compute(body) != crc)
            {
                break;
            }

            try
            {
                Apply(body.ToArray());
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException)
            {
                break;
            }

            position += 8 + length;
        }

        _validLength = position;
        if (position < bytes.Length)
        {
            TornTailDropped(_path, position, bytes.Length - position);
        }

        OffsetsLoaded(_path, _live.Count, LiveCount());
    }

    private void Apply(byte[] body)
    {
        using var reader = new BinaryReader(new MemoryStream(body), Encoding.UTF8);
        var kind = reader.ReadByte();
        var groupId = reader.ReadString();
        switch (kind)
        {
            case CommitRecord:
                var offsets = GroupOffsets(groupId);
                var commits = reader.ReadInt32();
                for (var i = 0; i < commits; i++)
                {
                    var topic = reader.ReadString();
                    var partition = reader.ReadInt32();
                    var offset = reader.ReadInt64();
                    var leaderEpoch = reader.ReadInt32();
                    var metadata = reader.ReadString();
                    var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
                    offsets[(topic, partition)] = new StoredOffset(offset, leaderEpoch, metadata, timestamp);
                }

                break;
            case DeleteOffsetsRecord:
                var deletions = reader.ReadInt32();
                var existing = _live.GetValueOrDefault(groupId);
                for (var i = 0; i < deletions; i++)
                {
                    var topic = reader.ReadString();
                    var partition = reader.ReadInt32();
                    existing?.Remove((topic, partition));
                }

                if (existing is { Count: 0 })
                {
                    _live.Remove(groupId);
                }

                break;
            case DeleteGroupRecord:
                _live.Remove(groupId);
                break;
            default:
                throw new IOException($"unknown offsets record kind {kind}");
        }
    }

    private Dictionary<(string Topic, int Partition), StoredOffset> GroupOffsets(string groupId)
    {
        if (!_live.TryGetValue(groupId, out var offsets))
        {
            offsets = [];
            _live[groupId] = offsets;
        }

        return offsets;
    }

    /// <summary>Rewrites the log with one commit record per group (temp file, fsync, rename), then reopens it for appends.</summary>
    private void Compact()
    {
        var compacted = new MemoryStream();
        long records = 0;
        foreach (var (groupId, offsets) in _live)
        {
            var body = EncodeCommit(groupId, [.. offsets.Select(o => (o.Key.Topic, o.Key.Partition, o.Value))]);
            WriteFramed(compacted, body);
            records++;
        }

        AtomicFile.Write(_path, compacted.GetBuffer().AsSpan(0, (int)compacted.Length));
        _file?.Dispose();
        _file = null;
        _validLength = compacted.Length;
        _recordsInFile = records;
        _file = OpenForAppend(_validLength);
    }

    private FileStream OpenForAppend(long validLength)
    {
        var file = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        try
        {
            file.SetLength(validLength);
            file.Seek(0, SeekOrigin.End);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private void CloseAfterFailedWrite()
    {
        try
        {
            _file?.Dispose();
        }
        catch (IOException)
        {
            // Closing flushes what the failed write left buffered, which fails the same way; the handle is closed anyway.
        }

        _file = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repaired {Path}: a torn or corrupt commit record at byte {Position} (a crash during a commit, or a damaged disk); "
        + "dropped the {Bytes} bytes from there on and kept the commits before it")]
    private partial void TornTailDropped(string path, int position, int bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Offsets log {Path}: loaded {Groups} groups with {Offsets} committed offsets")]
    private partial void OffsetsLoaded(string path, int groups, int offsets);
}

using System.Text.Json;
using Kpipe.IO;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Groups;

/// <summary>
/// Group metadata that outlives the broker process, as Kafka keeps it in <c>__consumer_offsets</c>: each group's last
/// Stable or Empty metadata, written when it changes (a completed SyncGroup, the group emptying, a deletion) by
/// rewriting <c>&lt;data&gt;/__consumer_offsets/group-metadata.json</c> atomically (temp file, fsync, rename), so a crash
/// leaves the old or the new content. A file that cannot be read is logged in one line and ignored: the broker starts
/// with no group metadata (committed offsets live apart, in the <see cref="OffsetStore"/>), and consumers rejoin.
/// </summary>
internal sealed partial class GroupMetadataStore
{
    private const string FileName = "group-metadata.json";
    private const int CurrentVersion = 1;

    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Dictionary<string, PersistedGroup> _groups = new(StringComparer.Ordinal);

    private GroupMetadataStore(string path, ILogger logger)
    {
        _path = path;
        _logger = logger;
    }

    /// <summary>Opens the store in <paramref name="directory"/> (the offsets directory) and reads what it holds.</summary>
    public static GroupMetadataStore Open(string directory, ILogger logger)
    {
        Directory.CreateDirectory(directory);
        var store = new GroupMetadataStore(Path.Combine(directory, FileName), logger);
        store.Load();
        return store;
    }

    /// <summary>The groups read at start.</summary>
    public IReadOnlyList<PersistedGroup> Groups()
    {
        lock (_lock)
        {
            return [.. _groups.Values];
        }
    }

    /// <summary>Records <paramref name="group"/> as its group's current metadata; false (logged) when the file could not be written.</summary>
    public bool Save(PersistedGroup group)
    {
        lock (_lock)
        {
            _groups[group.GroupId] = group;
            return Write();
        }
    }

    /// <summary>Forgets a deleted group; false (logged) when the file could not be written.</summary>
    public bool Remove(string groupId)
    {
        lock (_lock)
        {
            return !_groups.Remove(groupId) || Write();
        }
    }

    private bool Write()
    {
        var content = new PersistedGroups(CurrentVersion, [.. _groups.Values.OrderBy(g => g.GroupId, StringComparer.Ordinal)]);
        try
        {
            AtomicFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(content, GroupJsonContext.Default.PersistedGroups));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteFailed(_path, e.Message);
            return false;
        }
    }

    private void Load()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        try
        {
            var stored = JsonSerializer.Deserialize(File.ReadAllBytes(_path), GroupJsonContext.Default.PersistedGroups)
                ?? throw new JsonException("the file holds null");
            if (stored.Version != CurrentVersion)
            {
                throw new JsonException($"unknown version {stored.Version}");
            }

            foreach (var group in stored.Groups ?? [])
            {
                Validate(group);
                _groups[group.GroupId] = group;
            }

            Loaded(_path, _groups.Count, _groups.Values.Sum(g => g.Members.Count));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            _groups.Clear();
            Unreadable(_path, e.Message);
        }
    }

    /// <summary>Rejects content JSON accepts but a group cannot hold (a missing list, a Stable group with no members).</summary>
    private static void Validate(PersistedGroup group)
    {
        var valid = group is { GroupId.Length: > 0, Members: not null, GenerationId: >= 0 }
            && group.State is GroupState.Stable or GroupState.Empty
            && (group.State == GroupState.Empty) == (group.Members.Count == 0)
            && group.Members.All(m => m is { MemberId.Length: > 0, Protocols: not null, Assignment: not null, ClientId: not null, ClientHost: not null }
                && m.Protocols.All(p => p is { Name: not null, Metadata: not null }));
        if (!valid)
        {
            throw new JsonException($"group '{group.GroupId}' is not a valid Stable or Empty group");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Group metadata {Path}: loaded {Groups} groups with {Members} members")]
    private partial void Loaded(string path, int groups, int members);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group metadata {Path} is unreadable ({Reason}); starting with no group metadata, consumers will rejoin their groups")]
    private partial void Unreadable(string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write group metadata {Path} ({Reason}); the groups are served, but after a restart their members rejoin")]
    private partial void WriteFailed(string path, string reason);
}

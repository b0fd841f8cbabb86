using System.Buffers.Binary;
using System.Text;
using Kpipe.Broker.Groups;
using Kpipe.Broker.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Broker.Tests.Groups;

/// <summary>A coordinator over a temp data directory and a fake clock, with helpers that build requests the way clients send them.</summary>
internal sealed class GroupTestContext : IDisposable
{
    public const int SessionTimeoutMs = 10_000;
    public const int RebalanceTimeoutMs = 30_000;

    private readonly ILogger<GroupCoordinator> _logger;

    public GroupTestContext(GroupCoordinatorOptions? options = null, string? dataDirectory = null, ILogger<GroupCoordinator>? logger = null)
    {
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("kpipe-groups-").FullName;
        Options = options ?? new GroupCoordinatorOptions();
        _logger = logger ?? NullLogger<GroupCoordinator>.Instance;
        Coordinator = Open();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public string DataDirectory { get; }

    public GroupCoordinatorOptions Options { get; }

    public GroupCoordinator Coordinator { get; private set; }

    public static byte[] Subscription(params string[] topics)
    {
        var size = 2 + 4 + topics.Sum(t => 2 + Encoding.UTF8.GetByteCount(t)) + 4;
        var bytes = new byte[size];
        var position = 2;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(position), topics.Length);
        position += 4;
        foreach (var topic in topics)
        {
            var length = Encoding.UTF8.GetBytes(topic, bytes.AsSpan(position + 2));
            BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(position), (short)length);
            position += 2 + length;
        }

        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(position), -1);
        return bytes;
    }

    public static JoinGroupCommand JoinRequest(
        string memberId = "",
        string groupId = "g",
        string? instanceId = null,
        string[]? protocols = null,
        byte[]? metadata = null,
        bool requireKnownMemberId = true,
        int sessionTimeoutMs = SessionTimeoutMs,
        int rebalanceTimeoutMs = RebalanceTimeoutMs) =>
        new(groupId, memberId, instanceId, "consumer",
            [.. (protocols ?? ["range"]).Select(p => new GroupProtocol(p, metadata ?? Subscription("t")))],
            sessionTimeoutMs, rebalanceTimeoutMs, "client", "/127.0.0.1", requireKnownMemberId);

    /// <summary>JoinGroup v4+: the first call is answered MEMBER_ID_REQUIRED, the second (with the id) is parked.</summary>
    public async Task<Task<JoinGroupResult>> StartJoinAsync(string groupId = "g", string[]? protocols = null, byte[]? metadata = null)
    {
        var first = await Coordinator.JoinGroupAsync(JoinRequest(groupId: groupId, protocols: protocols, metadata: metadata));
        Assert.Equal(ErrorCode.MemberIdRequired, first.Error);
        return Coordinator.JoinGroupAsync(JoinRequest(first.MemberId, groupId, protocols: protocols, metadata: metadata));
    }

    /// <summary>Brings up a Stable group of <paramref name="count"/> dynamic members; returns their join results, leader first.</summary>
    public async Task<List<JoinGroupResult>> StableGroupAsync(int count, string groupId = "g")
    {
        var joins = new List<Task<JoinGroupResult>>();
        for (var i = 0; i < count; i++)
        {
            joins.Add(await StartJoinAsync(groupId));
        }

        EndInitialJoin(joins);
        var results = (await Task.WhenAll(joins).WaitAsync(TimeSpan.FromSeconds(5))).OrderByDescending(r => r.MemberId == r.LeaderId).ToList();
        var syncs = results
            .Select(r => Coordinator.SyncGroupAsync(new SyncGroupCommand(groupId, r.GenerationId, r.MemberId, null, "consumer", r.ProtocolName,
                r.MemberId == r.LeaderId ? [.. results.Select(m => new SyncGroupAssignment(m.MemberId, Encoding.UTF8.GetBytes("for " + m.MemberId)))] : [])))
            .ToList();
        foreach (var sync in await Task.WhenAll(syncs).WaitAsync(TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(ErrorCode.None, sync.Error);
        }

        return results;
    }

    /// <summary>
    /// Advances the clock through the initial rebalance delay, which Kafka extends by another delay (up to the rebalance
    /// timeout) whenever a member arrived during the last one, until every given join is answered.
    /// </summary>
    public void EndInitialJoin(IEnumerable<Task> joins)
    {
        var pending = joins.ToList();
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromMilliseconds(RebalanceTimeoutMs) && !pending.All(j => j.IsCompleted); waited += Options.InitialRebalanceDelay)
        {
            Time.Advance(Options.InitialRebalanceDelay);
        }

        Assert.All(pending, j => Assert.True(j.IsCompleted));
    }

    public ErrorCode Heartbeat(JoinGroupResult member, string groupId = "g") =>
        Coordinator.Heartbeat(new HeartbeatCommand(groupId, member.GenerationId, member.MemberId, null));

    public GroupDescription Describe(string groupId = "g") => Coordinator.DescribeGroups([groupId])[0];

    /// <summary>Closes the coordinator and opens a new one on the same directory, as a broker restart does.</summary>
    public void Restart()
    {
        Coordinator.Dispose();
        Coordinator = Open();
    }

    public void Dispose()
    {
        Coordinator.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private GroupCoordinator Open() => new(DataDirectory, Options, Time, _logger);
}

namespace Kpipe.Broker.Groups;

/// <summary>One member of a classic group, owned by its <see cref="ConsumerGroup"/> and changed only inside the group's operations.</summary>
internal sealed class GroupMember(string memberId, string? groupInstanceId, string clientId, string clientHost)
{
    public string MemberId { get; set; } = memberId;

    public string? GroupInstanceId { get; } = groupInstanceId;

    public string ClientId { get; set; } = clientId;

    public string ClientHost { get; set; } = clientHost;

    public int SessionTimeoutMs { get; set; }

    public int RebalanceTimeoutMs { get; set; }

    public string ProtocolType { get; set; } = "";

    public IReadOnlyList<GroupProtocol> Protocols { get; set; } = [];

    public byte[] Assignment { get; set; } = [];

    /// <summary>True until the member's first join phase completes; such a member is dropped if its join stays parked too long.</summary>
    public bool IsNew { get; set; } = true;

    public TaskCompletionSource<JoinGroupResult>? AwaitingJoin { get; set; }

    public TaskCompletionSource<SyncGroupResult>? AwaitingSync { get; set; }

    public DateTimeOffset SessionDeadline { get; set; }

    public ITimer? SessionTimer { get; set; }

    public byte[] MetadataFor(string? protocolName)
    {
        foreach (var protocol in Protocols)
        {
            if (protocol.Name == protocolName)
            {
                return protocol.Metadata;
            }
        }

        return [];
    }

    public bool Supports(string protocolName) => Protocols.Any(p => p.Name == protocolName);

    /// <summary>Kafka's <c>matches</c>: the same protocols, in the same order, with the same metadata bytes.</summary>
    public bool Matches(IReadOnlyList<GroupProtocol> protocols) =>
        protocols.Count == Protocols.Count
        && protocols.Zip(Protocols).All(pair => pair.First.Name == pair.Second.Name && pair.First.Metadata.AsSpan().SequenceEqual(pair.Second.Metadata));
}

namespace Kpipe.Broker.Groups;

/// <summary>
/// A group as DescribeGroups shows it. An unknown group is described as <c>Dead</c> with no members; the protocol
/// (<c>protocol_data</c> on the wire) is the selected assignor, set only when the group is Stable.
/// </summary>
public sealed record GroupDescription(
    string GroupId,
    GroupState State,
    string ProtocolType,
    string Protocol,
    IReadOnlyList<GroupMemberDescription> Members)
{
    /// <summary>Kafka's state string (<c>Empty</c>, <c>PreparingRebalance</c>, <c>CompletingRebalance</c>, <c>Stable</c>, <c>Dead</c>).</summary>
    public string StateName => State.ToString();
}

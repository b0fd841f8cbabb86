using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Groups;

// Group metadata across restarts, as Kafka stores it in __consumer_offsets: the group writes its metadata when it
// becomes Stable or Empty (and when a static member is replaced), and a restarted coordinator restores it, so live
// members keep their generation and assignment. Every method here runs under the group's lock.
internal sealed partial class ConsumerGroup
{
    /// <summary>
    /// Restores metadata read at start: the group is Stable with its members and assignments, or Empty with its
    /// generation. Session timers start now, so members that still heartbeat stay and the others expire as usual.
    /// </summary>
    public void Restore(PersistedGroup stored)
    {
        lock (_sync)
        {
            _generationId = stored.GenerationId;
            _protocolType = stored.ProtocolType;
            _protocolName = stored.ProtocolName;
            _emptySince = stored.State == GroupState.Empty ? stored.StateTimestamp : Now;
            foreach (var saved in stored.Members)
            {
                var member = new GroupMember(saved.MemberId, saved.GroupInstanceId, saved.ClientId, saved.ClientHost)
                {
                    SessionTimeoutMs = saved.SessionTimeoutMs,
                    RebalanceTimeoutMs = saved.RebalanceTimeoutMs,
                    ProtocolType = stored.ProtocolType ?? "",
                    Protocols = saved.Protocols,
                    Assignment = saved.Assignment,
                    IsNew = false,
                };
                _members.Add(member);
                _membersById[member.MemberId] = member;
                if (member.GroupInstanceId is not null)
                {
                    _staticMembers[member.GroupInstanceId] = member.MemberId;
                }

                ScheduleSession(member, TimeSpan.FromMilliseconds(member.SessionTimeoutMs));
            }

            _leaderId = _membersById.ContainsKey(stored.LeaderId ?? "") ? stored.LeaderId : _members.FirstOrDefault()?.MemberId;
            if (_members.Count > 0)
            {
                // Kafka loads a group with members straight into Stable; there is no transition that leads there from Empty.
                _state = GroupState.Stable;
            }

            GroupRestored(GroupId, _state, _generationId, _members.Count);
        }
    }

    /// <summary>Writes the group's metadata now that it is Stable or Empty; a failed write is logged by the store and the group goes on.</summary>
    private void Persist()
    {
        if (_state is not (GroupState.Stable or GroupState.Empty))
        {
            return;
        }

        metadataStore.Save(new PersistedGroup(
            GroupId,
            _state,
            _generationId,
            _protocolType,
            _protocolName,
            _leaderId,
            _state == GroupState.Empty ? _emptySince : Now,
            [.. _members.Select(m => new PersistedMember(
                m.MemberId, m.GroupInstanceId, m.ClientId, m.ClientHost, m.SessionTimeoutMs, m.RebalanceTimeoutMs, [.. m.Protocols], m.Assignment))]));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} restored as {State} at generation {GenerationId} with {Members} members")]
    private partial void GroupRestored(string groupId, GroupState state, int generationId, int members);
}

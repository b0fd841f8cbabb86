namespace Kpipe.Broker.Groups;

/// <summary>The leader's assignment bytes for one member, as sent in SyncGroup.</summary>
public sealed record SyncGroupAssignment(string MemberId, byte[] Assignment);

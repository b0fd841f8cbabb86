namespace Kpipe.Broker.Groups;

/// <summary>One assignor a member offers in JoinGroup (e.g. <c>range</c>) with its subscription metadata bytes.</summary>
public sealed record GroupProtocol(string Name, byte[] Metadata);

using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Groups;

/// <summary>The outcome of deleting one group: NONE, GROUP_ID_NOT_FOUND or NON_EMPTY_GROUP.</summary>
public sealed record GroupDeletionResult(string GroupId, ErrorCode Error);

using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Security;

/// <summary>The outcome of one SASL token: the server's answer, or the error and message that refuse the client.</summary>
internal sealed record SaslStep(ErrorCode ErrorCode, string? ErrorMessage, byte[] ServerToken);

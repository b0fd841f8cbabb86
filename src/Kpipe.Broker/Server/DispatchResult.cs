namespace Kpipe.Broker.Server;

/// <summary>What the connection does after a request: send what was written, send nothing, or close.</summary>
internal enum DispatchResult
{
    Responded,
    NoResponse,
    MalformedRequest,
    UnsupportedRequest,
}
